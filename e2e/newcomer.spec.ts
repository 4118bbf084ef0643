import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../lib/demo/users';
import { openPage, reviewerShot as shot, signIn } from './helpers';

/** The same server under both names a newcomer might type. */
const port = Number(process.env.E2E_PORT ?? 3100);
const HOSTS = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

async function post<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** A small real campaign: two opted-in demo contacts, one template, a flow of email, wait a day, email. */
async function twoRecipientCampaign(page: Page, tag: string) {
  const api = page.request;
  const list = await api.get('/api/v1/contacts?optIn=yes&limit=50');
  const { items: contacts } = (await list.json()) as { items: { email: string }[] };
  const emails = contacts.slice(0, 2).map((c) => c.email);
  const segment = await post<{ id: string }>(api, '/api/segments', {
    name: `Newcomer ${tag}`,
    criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'in', value: emails }] },
  });
  const template = await post<{ id: string }>(api, '/api/templates', {
    name: `Newcomer ${tag}`,
    subject: `Welcome aboard (${tag})`,
    htmlBody: '<html><body><p>Hi {{ first_name }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>',
  });
  const { flow } = await post<{ flow: { id: string } }>(api, '/api/flows', {
    name: `Newcomer ${tag}`,
    steps: [{ type: 'SEND_EMAIL', templateId: template.id }, { type: 'WAIT', waitDays: 1, waitHours: 0 }, { type: 'SEND_EMAIL', templateId: template.id }],
  });
  const { campaign } = await post<{ campaign: { id: string } }>(api, '/api/campaigns', {
    name: `Newcomer ${tag}`,
    segmentId: segment.id,
    flowId: flow.id,
    startDate: new Date().toISOString().slice(0, 10),
    startTimeOfDay: '00:00',
    timeZone: 'UTC',
  });
  return { campaignId: campaign.id, flowId: flow.id, subject: `Welcome aboard (${tag})` };
}

/** Every <form> in a page's server HTML, i.e. as it behaves before hydration. */
async function formsBeforeHydration(request: APIRequestContext, url: string) {
  const html = await (await request.get(url)).text();
  return [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
}

async function noJsContext(browser: Browser, baseURL: string) {
  return browser.newContext({ baseURL, javaScriptEnabled: false });
}

test.describe('a newcomer’s first hour', () => {
  for (const host of HOSTS) {
    test(`signs in without JavaScript on ${new URL(host).hostname}, never with credentials in a URL`, async ({ browser }) => {
      const context = await noJsContext(browser, host);
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto('/sign-in');
      await expect(page.locator('form')).toHaveAttribute('method', /post/i);

      // A wrong password answers in place, and the URL stays clean.
      await page.getByLabel('Email').fill('manager@herald.test');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('sign-in-error')).toContainText('do not match');

      await page.getByLabel('Email').fill('manager@herald.test');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in (the page body streams, which needs JavaScript to show; the shell does not).
      await expect(page.getByTestId('current-user')).toHaveText('Max Manager');
      expect(new URL(page.url()).pathname).toBe('/');
      for (const url of requested) expect(url, 'no request carries the password').not.toContain(DEMO_PASSWORD);
      await context.close();
    });

    test(`signs in with JavaScript on ${new URL(host).hostname} and keeps the way back`, async ({ browser }) => {
      const context = await browser.newContext({ baseURL: host });
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto('/segments');
      await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsegments/);
      await page.getByLabel('Email').fill('viewer@herald.test');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Segments', exact: true })).toBeVisible();
      for (const url of requested) expect(url).not.toContain(DEMO_PASSWORD);
      if (host === HOSTS[0]) {
        await page.goto('/sign-in');
        await shot(page, 'sign-in');
      }
      await context.close();
    });
  }

  test('every form is safe before hydration: POST, or a GET search', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    const someFlow = ((await (await page.request.get('/api/flows')).json()) as { items: { id: string }[] }).items[0]?.id;
    const pages = ['/sign-in', '/contacts', '/contacts/import', '/segments/new', '/templates/new', '/flows', '/settings', '/campaigns', '/analytics', ...(someFlow ? [`/flows/${someFlow}`] : [])];
    for (const url of pages) {
      for (const form of await formsBeforeHydration(page.request, url)) {
        const method = /method="(\w+)"/i.exec(form)?.[1]?.toLowerCase();
        expect(method === 'post' || (method === 'get' && /role="search"/.test(form)), `${url}: ${form}`).toBe(true);
      }
    }
  });

  test('the menu shows each role only what it may open, and every entry opens', async ({ page }) => {
    const expected = {
      'admin@herald.test': ['Overview', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Flows', 'Outbox', 'Settings'],
      'manager@herald.test': ['Overview', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Flows', 'Outbox'],
      'viewer@herald.test': ['Overview', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Flows', 'Outbox'],
    };
    for (const [email, labels] of Object.entries(expected)) {
      await page.context().clearCookies();
      await signIn(page, email);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link')).toHaveText(labels);
      for (const label of labels) {
        await nav.getByRole('link', { name: label, exact: true }).click();
        await expect(page).not.toHaveURL(/\/forbidden/);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      }
      if (email === 'manager@herald.test') {
        await page.goto('/');
        await shot(page, 'overview-campaign-manager');
      }
    }
  });

  test('favicon and app icons are served', async ({ request }) => {
    for (const [url, type] of [['/favicon.ico', /icon/]] as const) {
      const res = await request.get(url, { maxRedirects: 0 });
      expect(res.status(), url).toBe(200);
      expect(res.headers()['content-type'], url).toMatch(type);
    }
  });

  test('a sent step shows what was sent, the dashboard speaks email, and the numbers agree', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, 'admin@herald.test');
    const { campaignId, subject } = await twoRecipientCampaign(page, Date.now().toString(36));
    await openPage(page, `/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Activate this campaign?' });
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(dialog).toBeHidden();

    // The worker sends step 1 to both; the page then says so instead of "Due".
    await expect(async () => {
      await openPage(page, `/campaigns/${campaignId}`);
      await expect(page.getByTestId('schedule-step-1').getByTestId('step-sent')).toHaveText('2', { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    const step1 = page.getByTestId('schedule-step-1');
    await expect(step1.getByTestId('step-failed')).toHaveText('0');
    await expect(step1.getByTestId('step-pending')).toHaveText('0');
    await expect(step1.getByTestId('step-state')).toHaveText('All processed');
    const step2 = page.getByTestId('schedule-step-2');
    await expect(step2.getByTestId('step-pending')).toHaveText('2');
    await expect(step2.getByTestId('step-state')).toHaveText('Scheduled');
    await expect(page.getByTestId('kpi-sent')).toContainText('2');
    await expect(page.getByTestId('kpi-recipients')).toContainText('2 with emails still to come');
    await shot(page, 'campaign-detail-sent');

    // The outbox holds the same two emails.
    await openPage(page, '/outbox');
    await expect(page.getByRole('link', { name: subject })).toHaveCount(2);

    // The dashboard agrees, in email words only.
    await openPage(page, `/campaigns/${campaignId}/dashboard`);
    await expect(page.getByTestId('kpi-sent-value')).toHaveText('2');
    await expect(page.getByTestId('messages-email')).toContainText('Email · 2 sent');
    await expect(page.getByTestId('outcomes')).toHaveCount(0);
    await expect(page.getByTestId('kpi-delivered')).toBeVisible();
    for (const callWord of ['No answer', 'Answer rate', 'Average call', 'Attempts by']) await expect(page.getByText(callWord)).toHaveCount(0);
    await expect(page.getByTestId('kpi-send-rate-value')).not.toHaveText('—');
    const rate = await page.getByTestId('kpi-send-rate-value').innerText();
    await shot(page, 'campaign-dashboard-email');
    // Sending has stopped (step 2 is a day away): the rate holds instead of falling with the clock.
    await page.waitForTimeout(2_500);
    await openPage(page, `/campaigns/${campaignId}/dashboard`);
    await expect(page.getByTestId('kpi-send-rate-value')).toHaveText(rate);
    await page.request.put(`/api/campaigns/${campaignId}/status`, { data: { status: 'completed' } });
  });

  test('a campaign with calls keeps seed 004’s call panel', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    const res = await page.request.get('/api/campaigns?limit=200');
    const items = ((await res.json()).items as { id: string; name: string }[]);
    const demo = items.find((c) => c.name === 'Black Friday 2026');
    expect(demo).toBeDefined();
    await openPage(page, `/campaigns/${demo!.id}/dashboard`);
    await expect(page.getByTestId('kpi-answer-rate')).toBeVisible();
    await expect(page.getByTestId('kpi-duration')).toContainText('Average call');
    await expect(page.getByTestId('outcomes')).toContainText('No answer');
    await expect(page.getByTestId('series-hourly')).toContainText('Call attempts by hour');
    // Herald sent it emails; the calls came from an integration, so its recipients' refusals are unsubscribes.
    await expect(page.getByTestId('kpi-refusal-rate')).toContainText('Unsubscribe rate');
    await expect(page.getByTestId('contact-states')).toContainText('Unsubscribed');
    await expect(page.getByTestId('outcomes')).toContainText('Refused');
    await shot(page, 'campaign-dashboard-calls');
  });

  test('the flow builder keeps an unsaved wait and warns before it is lost', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    const { flowId } = await twoRecipientCampaign(page, `flow-${Date.now().toString(36)}`);
    await openPage(page, `/flows/${flowId}`);
    const days = page.getByLabel('Days to wait');
    await days.fill('3');
    await expect(page.getByTestId('unsaved-wait')).toBeVisible();
    await page.getByRole('button', { name: '+ Email' }).last().click();
    await expect(page.getByTestId('flow-step')).toHaveCount(4);
    // Adding a step kept the typed wait, still marked as not saved.
    await expect(days).toHaveValue('3');
    await expect(page.getByTestId('unsaved-wait')).toBeVisible();
    await shot(page, 'flow-editor-unsaved');

    // Reload or close would ask (the browser's own prompt); an in-app link asks too, and staying keeps the page.
    expect(await page.evaluate(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })).toBe(true);
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));

    // Saved, nothing is pending: no prompt, and the reload shows the saved wait.
    await page.getByRole('button', { name: 'Save wait' }).click();
    await expect(page.getByTestId('unsaved-wait')).toHaveCount(0);
    expect(await page.evaluate(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })).toBe(false);
    await page.reload();
    await expect(page.getByLabel('Days to wait')).toHaveValue('3');
    await expect(page.getByTestId('flow-step')).toHaveCount(4);
  });

  test('the campaign builder warns before unsaved work is lost', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    await openPage(page, '/campaigns/new');
    const unloadBlocked = () => page.evaluate(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; });
    expect(await unloadBlocked()).toBe(false);
    await page.getByLabel('Campaign name').fill('Half-written campaign');
    expect(await unloadBlocked()).toBe(true);
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    expect(asked).toContain('unsaved changes');
    await expect(page).toHaveURL(/\/campaigns\/new/);
  });

  test('tables fit 1366 px and pages fit a phone', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, 'admin@herald.test');
    const pages = ['/', '/campaigns', '/contacts', '/segments', '/templates', '/flows', '/outbox', '/settings'];
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const url of pages) {
      await openPage(page, url);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('table')].filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1).map((t) => t.getAttribute('data-testid') ?? 'table'),
      );
      expect(wide, `${url} at 1366 px`).toEqual([]);
    }
    await shot(page, 'settings-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const url of pages) {
      await openPage(page, url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} at 390 px`).toBeLessThanOrEqual(0);
    }
    await openPage(page, '/campaigns');
    await shot(page, 'campaigns-phone');
  });
});
