import { expect, test, type APIRequestContext } from '@playwright/test';
import { openPage, reviewerShot, signIn } from './helpers';

async function post<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const res = await request.post(url, { data });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

test.describe('A/B test', () => {
  test('a test set up in the flow editor sends both variants, picks the opened one when its window ends and sends it to the rest', async ({ page }) => {
    test.setTimeout(330_000);
    const tag = `e2e-ab-${Date.now().toString(36)}`;
    await signIn(page, 'admin@herald.test');
    const api = page.request;

    // Twelve opted-in demo contacts (not the ones the delivery journey uses), two templates, a one-email flow.
    const list = await api.get('/api/v1/contacts?optIn=yes&limit=50');
    const { items } = (await list.json()) as { items: { email: string }[] };
    const emails = items.slice(-14, -2).map((c) => c.email);
    expect(emails).toHaveLength(12);
    const segment = await post<{ id: string }>(api, '/api/segments', {
      name: `A/B ${tag}`,
      criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'in', value: emails }] },
    });
    const [a, b] = await Promise.all(
      ['A', 'B'].map((v) => post<{ id: string; name: string }>(api, '/api/templates', { name: `Variant ${v} ${tag}`, subject: `Subject ${v} (${tag})`, htmlBody: `<p>Hello from variant ${v}</p>` })),
    );
    const { flow } = await post<{ flow: { id: string } }>(api, '/api/flows', { name: `A/B ${tag}`, steps: [{ type: 'SEND_EMAIL', templateId: a.id }] });

    // The test, set up on the flow's send step.
    await openPage(page, `/flows/${flow.id}`);
    await page.getByRole('button', { name: '+ A/B test this email' }).click();
    const editor = page.getByTestId('ab-test-editor');
    await editor.getByLabel('Step 1 A/B test: template of variant B').selectOption({ label: `${b.name} — Subject B (${tag})` });
    await editor.getByLabel('Step 1 A/B test: test share in percent').fill('50');
    await editor.getByLabel('Step 1 A/B test: winning metric').selectOption('opens');
    // Two minutes: time enough for the opens below to land before the winner is picked, even on a busy machine.
    await editor.getByLabel('Step 1 A/B test: window in minutes').fill('2');
    await editor.getByRole('button', { name: 'Save A/B test' }).click();
    await expect(page.getByText('Step saved')).toBeVisible();
    await expect(editor.getByRole('button', { name: 'Remove A/B test' })).toBeVisible();

    const { campaign } = await post<{ campaign: { id: string } }>(api, '/api/campaigns', {
      name: `A/B ${tag}`,
      segmentId: segment.id,
      flowId: flow.id,
      startDate: new Date().toISOString().slice(0, 10),
      startTimeOfDay: '00:00',
      timeZone: 'UTC',
    });
    await page.goto(`/campaigns/${campaign.id}`);
    await page.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Activate this campaign?' }).getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

    // The test group gets its variants at once; the rest waits for the winner.
    const subjectA = `Subject A (${tag})`;
    const subjectB = `Subject B (${tag})`;
    // The group's size comes from a hash, so wait until its sends stop arriving (the rest waits a minute for the winner):
    // reading them early would leave variant B's later sends unopened and hand the test to A.
    let sentA = 0;
    let sentB = 0;
    let lastRead = '';
    await expect(async () => {
      await page.goto('/outbox');
      sentA = await page.getByRole('link', { name: subjectA }).count();
      sentB = await page.getByRole('link', { name: subjectB }).count();
      const read = `${sentA}/${sentB}`;
      const settled = sentA + sentB > 0 && read === lastRead;
      lastRead = read;
      expect(settled, `test group sends ${read} still arriving`).toBe(true);
    }).toPass({ timeout: 45_000, intervals: [2_000] });
    // The schedule view says who waits and why; the dashboard says the test is running.
    await openPage(page, `/campaigns/${campaign.id}`);
    await expect(page.getByRole('main').getByTestId('schedule-waiting')).toContainText('for their A/B test send time or the test’s winner');
    await openPage(page, `/campaigns/${campaign.id}/dashboard`);
    const report = page.getByRole('main').getByTestId('ab-test-report');
    await expect(report.getByTestId('ab-test-status')).toContainText('Test running');

    // Every variant B reader opens the email (its open pixel loads); nobody opens A.
    await page.goto('/outbox');
    const hrefs = await page.getByRole('link', { name: subjectB }).evaluateAll((links) => links.map((l) => (l as HTMLAnchorElement).href));
    for (const href of hrefs) {
      await page.goto(href);
      const html = (await page.getByTestId('outbox-html').getAttribute('srcdoc')) ?? '';
      const pixel = /src="([^"]*\/t\/o\/[^"]+)"/.exec(html)?.[1];
      expect(pixel, 'the open pixel').toBeTruthy();
      expect((await api.get(pixel!.replace(/&amp;/g, '&'))).ok()).toBe(true);
    }

    // The window ends two minutes after the step was due: the worker picks the winner and sends it to the rest.
    await expect(async () => {
      await page.goto('/outbox');
      await expect(page.getByRole('link', { name: subjectA })).toHaveCount(sentA, { timeout: 1_000 });
      await expect(page.getByRole('link', { name: subjectB })).toHaveCount(12 - sentA, { timeout: 1_000 });
    }).toPass({ timeout: 210_000, intervals: [3_000] });

    await openPage(page, `/campaigns/${campaign.id}/dashboard`);
    const status = page.getByRole('main').getByTestId('ab-test-status');
    await expect(status).toContainText(sentB > 0 ? 'Winner: variant B' : 'Winner: variant');
    await expect(status).toContainText('automatically');
    await expect(page.getByRole('main').getByTestId('ab-test-report').getByRole('columnheader', { name: 'p-value' })).toBeVisible();
    await page.getByRole('main').getByTestId('engagement-report').scrollIntoViewIfNeeded();
    await reviewerShot(page, 'ab-test-dashboard');

    // Every contact's list entry says what the test did to its send.
    await page.getByRole('main').getByRole('button', { name: /In an A\/B test/ }).click();
    const drill = page.getByTestId('contact-drilldown');
    await expect(drill.getByTestId('contact-controls').first()).toContainText(/Variant [AB] \(test group\)|Winner B \(rest group\)/);
  });
});
