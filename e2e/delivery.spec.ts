import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** POSTs JSON as the signed-in user and returns the body; anything but 2xx fails with the answer shown. */
async function post<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Opens a confirmation dialog and confirms it. */
async function confirm(page: Page, action: string) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `${action} this campaign?` });
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test.describe('delivery', () => {
  test('an activated campaign lands in the outbox; its tracked link and unsubscribe work; the dashboard counts change', async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const tag = `e2e-delivery-${Date.now().toString(36)}`;
    await signIn(page, 'admin@herald.test');
    const api = page.request;

    // Two opted-in demo contacts (new ones would change the demo's totals other journeys check), a segment of just
    // them, and a two-email flow a day apart: after the first email both are still in the flow, so an unsubscribe
    // shows as a refusal.
    const list = await api.get('/api/v1/contacts?optIn=yes&limit=50');
    expect(list.ok()).toBe(true);
    const { items: contacts } = (await list.json()) as { items: { email: string }[] };
    const emails = contacts.slice(-2).map((c) => c.email);
    expect(emails).toHaveLength(2);
    const segment = await post<{ id: string }>(api, '/api/segments', {
      name: `Delivery ${tag}`,
      criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'in', value: emails }] },
    });
    const template = await post<{ id: string }>(api, '/api/templates', {
      name: `Delivery ${tag}`,
      subject: `News for you (${tag})`,
      htmlBody: `<html><body><p>Hi {{ first_name }}</p><p><a href="${baseURL}/campaigns?from=email">Read more</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>`,
    });
    const { flow } = await post<{ flow: { id: string } }>(api, '/api/flows', {
      name: `Delivery ${tag}`,
      steps: [{ type: 'SEND_EMAIL', templateId: template.id }, { type: 'WAIT', waitDays: 1, waitHours: 0 }, { type: 'SEND_EMAIL', templateId: template.id }],
    });
    const { campaign } = await post<{ campaign: { id: string } }>(api, '/api/campaigns', {
      name: `Delivery ${tag}`,
      segmentId: segment.id,
      flowId: flow.id,
      startDate: new Date().toISOString().slice(0, 10),
      startTimeOfDay: '00:00',
      timeZone: 'UTC',
    });

    // Activate it from its page, as a user would.
    await page.goto(`/campaigns/${campaign.id}`);
    await confirm(page, 'Activate');
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

    // The local worker sends the first step into the sink; the Outbox lists it.
    const subject = `News for you (${tag})`;
    await expect(async () => {
      await page.goto('/outbox');
      await expect(page.getByRole('link', { name: subject })).toHaveCount(2, { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    await page.getByRole('link', { name: subject }).first().click();
    await expect(page.getByRole('heading', { name: subject })).toBeVisible();
    await expect(page.getByTestId('outbox-headers')).toContainText('List-Unsubscribe-Post');
    const email = page.frameLocator('[data-testid="outbox-html"]');
    const readMore = await email.getByRole('link', { name: 'Read more' }).getAttribute('href');
    const unsubscribe = await email.getByRole('link', { name: 'Unsubscribe' }).getAttribute('href');
    expect(readMore).toMatch(/\/t\/c\/[\w-]+\.[\w-]+$/);
    expect(unsubscribe).toMatch(/\/t\/u\/[\w-]+\.[\w-]+$/);

    // The dashboard before the reader acts: two sent, nobody refused.
    await page.goto(`/campaigns/${campaign.id}/dashboard`);
    await expect(page.getByRole('main').getByTestId('kpi-sent')).toContainText('2');
    await expect(page.getByRole('main').getByTestId('kpi-refusal-rate')).toHaveText(/^Unsubscribe rate0(\.0)?%/);

    // The tracked link redirects to exactly the URL that was signed; a tampered one gets 400 and no redirect.
    const click = await api.get(readMore!, { maxRedirects: 0 });
    expect(click.status()).toBeGreaterThanOrEqual(300);
    expect(click.status()).toBeLessThan(400);
    expect(click.headers().location).toBe(`${baseURL}/campaigns?from=email`);
    // Two characters changed (never to what they were, which would be the genuine link).
    const forged = `${readMore!.slice(0, -2)}${readMore!.endsWith('xx') ? 'yy' : 'xx'}`;
    expect((await api.get(forged, { maxRedirects: 0 })).status()).toBe(400);
    await page.goto(readMore!);
    await expect(page).toHaveURL(/\/campaigns\?from=email$/);

    // Unsubscribe through the email's page.
    await page.goto(unsubscribe!);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(page.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();

    // The stats are cached for a minute; an admin can refresh them. Then one of two recipients has refused.
    expect((await api.post(`/api/campaigns/${campaign.id}/stats/invalidate`)).ok()).toBe(true);
    await page.goto(`/campaigns/${campaign.id}/dashboard`);
    await expect(page.getByRole('main').getByTestId('kpi-refusal-rate')).toHaveText(/^Unsubscribe rate50(\.0)?%/);
    await expect(page.getByRole('main').getByTestId('kpi-completion-rate')).toContainText('0 of 2 contacts');
  });
});
