import { expect, test } from '@playwright/test';
import { openPage, signIn } from './helpers';

test.describe('sign-in', () => {
  test('a page without a session redirects to sign-in', async ({ page }) => {
    await page.goto('/campaigns');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fcampaigns/);
    await expect(page.getByRole('heading', { name: 'Sign in to your workspace' })).toBeVisible();
  });

  test('a wrong password shows a clear message and creates no session', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('manager@herald.test');
    await page.getByLabel('Password').fill('definitely-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toContainText('do not match');
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('the demo admin signs in, sees the shell and can sign out', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const item of ['Overview', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Flows', 'Settings']) {
      await expect(nav.getByRole('link', { name: item })).toBeVisible();
    }
    await expect(page.getByTestId('current-role')).toHaveText('Admin');
    await expect(page.getByTestId('kpi-contacts')).toContainText('3,000');
    await nav.getByRole('link', { name: 'Campaigns' }).click();
    await expect(page.getByRole('heading', { name: 'Campaigns' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Campaigns' })).toHaveAttribute('aria-current', 'page');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('the session comes with the page, and the workspace switcher moves the member to another workspace and back', async ({ page }) => {
    // The page hands its session to the browser: no page load, navigation or window focus reads it again.
    const sessionReads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/auth/session') sessionReads.push(r.url());
    });
    await signIn(page, 'admin@herald.test');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Campaigns' }).click();
    const campaigns = page.getByTestId('campaigns-table');
    await expect(campaigns).toContainText('Black Friday 2026');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.reload();
    await expect(campaigns).toContainText('Black Friday 2026');

    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    const current = () => switcher.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
    expect(await current()).toBe('Acme Outreach');
    await switcher.selectOption({ label: 'Acme Labs (sandbox)' });
    await expect(page.getByText('Black Friday 2026')).toHaveCount(0);
    await expect.poll(current).toBe('Acme Labs (sandbox)');
    // The switch is in the session cookie, so it holds across a reload.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Campaigns' })).toBeVisible();
    expect(await current()).toBe('Acme Labs (sandbox)');
    await expect(page.getByText('Black Friday 2026')).toHaveCount(0);

    await switcher.selectOption({ label: 'Acme Outreach' });
    await expect(campaigns).toContainText('Black Friday 2026');
    expect(sessionReads).toEqual([]);
  });

  test('more than five failures in a minute is answered with 429 and Retry-After', async ({ page, request }) => {
    const email = `nobody.${Date.now()}@herald.test`;
    const csrf = (await (await request.get('/api/auth/csrf')).json()).csrfToken as string;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await request.post('/api/auth/callback/credentials', {
        form: { email, password: 'wrong', csrfToken: csrf, json: 'true' },
        maxRedirects: 0,
      });
      statuses.push(res.status());
      if (res.status() === 429) retryAfter = res.headers()['retry-after'];
    }
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toContainText('Too many failed attempts');
  });
});

test.describe('roles and routes', () => {
  test('a viewer cannot reach settings', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    await expect(page.getByTestId('current-role')).toHaveText('Viewer');
    await page.goto('/settings');
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(page.getByRole('heading', { name: /don.t have access/ })).toBeVisible();
  });

  test('an admin manages members and API keys', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    const email = `new.${Date.now()}@herald.test`;
    await page.getByLabel('Name', { exact: true }).fill('New Person');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Initial password').fill('a-strong-password');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByTestId('members-table')).toContainText(email);

    await page.getByLabel('Key name').fill('e2e key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('new-api-key').textContent();
    expect(key).toMatch(/^hk_/);
    await expect(page.getByTestId('api-keys-table')).toContainText('e2e key');
    const me = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ role: 'campaign_manager', via: 'api_key' });
  });

  test('a long list comes a page at a time, a page number that is not a page shows the nearest one, and the builder finds in a long picker', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    // In the sandbox workspace, so the demo's own lists stay as the other tests expect them.
    await openPage(page, '/templates');
    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    await switcher.selectOption({ label: 'Acme Labs (sandbox)' });
    await expect.poll(() => switcher.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Acme Labs (sandbox)');
    const tag = Date.now().toString(36);
    const templateIds: string[] = [];
    for (let i = 0; i < 26; i++) {
      const res = await page.request.post('/api/templates', { data: { name: `Paged ${tag} ${String(i).padStart(2, '0')}`, channel: 'sms', content: { body: `Text ${i}` } } });
      expect(res.status(), await res.text()).toBe(201);
      templateIds.push((await res.json()).id);
    }
    await openPage(page, '/templates');
    const pages = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pages).toContainText(/Page 1 of \d+ · [\d,]+ in all/);
    const total = Number((await pages.innerText()).match(/([\d,]+) in all/)![1]!.replace(/,/g, ''));
    expect(total).toBeGreaterThanOrEqual(26);
    await expect(page.getByTestId('templates-table').getByRole('row')).toHaveCount(25 + 1);
    await expect(page.getByTestId('templates-table')).toContainText(`Paged ${tag} 25`);
    await pages.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/\/templates\?page=2$/);
    await expect(pages).toContainText('Page 2 of');
    await expect(page.getByTestId('templates-table')).toContainText(`Paged ${tag}`);
    await openPage(page, '/templates?page=abc');
    await expect(pages).toContainText('Page 1 of');
    await openPage(page, '/templates?page=9999');
    await expect(pages).toContainText(`Page ${Math.ceil(total / 25)} of ${Math.ceil(total / 25)}`);

    // The campaign builder lists every one of them, with a find box since the list is long.
    const segment = await page.request.post('/api/segments', { data: { name: `Paged ${tag}`, criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'is_set' }] } } });
    expect(segment.status(), await segment.text()).toBe(201);
    await openPage(page, '/campaigns/new');
    await page.getByLabel('Campaign name').fill(`Paged ${tag}`);
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: `Paged ${tag}` });
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const template = page.getByLabel('Template', { exact: true });
    await expect(template.getByRole('option')).toHaveCount(total + 1);
    const find = page.getByRole('searchbox', { name: 'Find a template' });
    await expect(page.getByText(`${total} to choose from`)).toBeVisible();
    await find.fill(`${tag} 07`);
    await expect(page.getByText(`1 of ${total} match`)).toBeVisible();
    await expect(template.getByRole('option')).toHaveText(['Choose a template…', `Paged ${tag} 07 — SMS`]);
    await template.selectOption({ label: `Paged ${tag} 07 — SMS` });
    // Another search keeps the chosen template in the list, so the select never loses it.
    await find.fill('no such template');
    await expect(template).toHaveValue(/[0-9a-f-]{36}/);
    await expect(template.getByRole('option')).toHaveText(['Choose a template…', `Paged ${tag} 07 — SMS`]);

    // The segment builder's engagement condition finds among the workspace's campaigns the same way.
    const segmentId = (await segment.json()).id;
    for (let i = 0; i < 16; i++) {
      const res = await page.request.post('/api/campaigns', { data: { name: `Paged ${tag} campaign ${String(i).padStart(2, '0')}`, segmentId, templateId: templateIds[0], startDate: '2030-01-01' } });
      expect(res.status(), await res.text()).toBe(201);
    }
    await openPage(page, '/segments/new');
    await page.getByRole('button', { name: 'Add engagement' }).click();
    const findCampaign = page.getByRole('searchbox', { name: 'Find a campaign' });
    await findCampaign.fill(`${tag} campaign 11`);
    await expect(page.getByText(/^1 of \d+ match$/)).toBeVisible();
    const campaignPicker = page.getByTestId('segment-engagement').getByLabel('Campaign', { exact: true });
    await expect(campaignPicker.getByRole('option')).toHaveText(['any campaign', `Paged ${tag} campaign 11`]);
    await campaignPicker.selectOption({ label: `Paged ${tag} campaign 11` });
    await findCampaign.fill('no such campaign');
    await expect(campaignPicker.getByRole('option')).toHaveText(['any campaign', `Paged ${tag} campaign 11`]);
    await switcher.selectOption({ label: 'Acme Outreach' });
    await expect.poll(() => switcher.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Acme Outreach');
  });

  test('unknown routes show the 404 page; API routes without a session answer 401', async ({ page, request }) => {
    await signIn(page, 'manager@herald.test');
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    const res = await request.get('/api/v1/me');
    expect(res.status()).toBe(401);
    const bad = await request.get('/api/v1/me', { headers: { authorization: 'Bearer hk_00000000_not-a-real-key-at-all' } });
    expect(bad.status()).toBe(401);
  });
});
