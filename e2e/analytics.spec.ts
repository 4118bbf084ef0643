import { expect, test, type Page } from '@playwright/test';
import { idByName, openPage, signIn } from './helpers';

/** A full-page screenshot kept with the test's artifacts (test-results/e2e). */
async function keepScreenshot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** The number a KPI card shows, digits only. */
async function kpiValue(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(`${testId}-value`).innerText();
  return Number(text.replace(/[^0-9]/g, '') || 'NaN');
}

/** The id of a demo campaign, through the campaigns API with the page's session. */
async function demoCampaign(page: Page, name: string): Promise<string> {
  const res = await page.request.get('/api/campaigns?limit=200');
  expect(res.ok()).toBe(true);
  const found = ((await res.json()).items as { id: string; name: string }[]).find((c) => c.name === name);
  expect(found, name).toBeDefined();
  return found!.id;
}

test.describe('analytics dashboards', () => {
  test('the overview charts the demo events and keeps its range in the URL', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    await expect(page.getByTestId('kpi-contacts')).toContainText('3,000');
    await expect(page.getByTestId('kpi-totalMessagesSent')).toContainText(/\d/);
    await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
    await expect(page.getByTestId('peak-hours').locator('svg').first()).toBeVisible();
    await expect(page.getByTestId('top-campaigns')).toContainText('open');

    await page.getByRole('button', { name: '30 days' }).click();
    await expect(page).toHaveURL(/timeRange=30d/);
    await page.getByRole('button', { name: 'Custom' }).click();
    const today = new Date().toISOString().slice(0, 10);
    const start = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(start);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`startDate=${start}`));

    // The same view opens from a shared link, and the reports carry the range.
    await openPage(page, page.url());
    await expect(page.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('link', { name: 'Templates report' }).click();
    await expect(page).toHaveURL(new RegExp(`/analytics/templates\\?.*startDate=${start}`));
    await expect(page.getByRole('heading', { name: 'Templates report' })).toBeVisible();
    await expect(page.getByTestId('top-templates')).toBeVisible();

    await openPage(page, '/');
    await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
    await keepScreenshot(page, 'overview');

    await openPage(page, '/analytics/traffic?tz=Asia/Kolkata&granularity=day');
    await expect(page.getByTestId('peak-hours')).toContainText('Asia/Kolkata');
    await expect(page.getByTestId('traffic-series').locator('svg').first()).toBeVisible();
  });

  test('the overview’s period figures and the reports come with the page, not from a request the browser makes after loading', async ({ browser, baseURL }) => {
    // A viewer away from UTC: the first page tells the server the browser's zone, the figures after it are in that zone.
    const context = await browser.newContext({ baseURL, timezoneId: 'Asia/Kolkata' });
    const page = await context.newPage();
    await signIn(page, 'viewer@herald.test');
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === 'herald-tz')).toBe(true);
    // Away from the first overview, whose own queries in the new zone may still be under way.
    await openPage(page, '/segments');
    const sent = async () => {
      const res = await page.request.get('/api/v1/analytics/overview?timeRange=30d');
      expect(res.ok()).toBe(true);
      return ((await res.json()).data.summary.totalMessagesSent) as number;
    };
    // From here on the browser may not ask the analytics API: whatever the panels show came with the HTML.
    const asked: string[] = [];
    await page.route('**/api/v1/analytics/**', (route) => {
      asked.push(route.request().url());
      return route.abort();
    });
    const before = await sent();
    await openPage(page, '/?timeRange=30d');
    const shown = await kpiValue(page, 'kpi-totalMessagesSent');
    // The demo keeps sending, so the page's figure lies between two answers of the API around it.
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeGreaterThanOrEqual(before);
    expect(shown).toBeLessThanOrEqual(await sent());
    await expect(page.getByTestId('top-campaigns')).toContainText('open');
    await expect(page.getByTestId('trend-chart').locator('svg').first()).toBeVisible();
    // Chromium names the zone by its older alias.
    await expect(page.getByTestId('peak-hours')).toContainText(/Asia\/(Kolkata|Calcutta)/);
    await expect(page.getByTestId('peak-hours').locator('svg').first()).toBeVisible();
    expect(asked).toEqual([]);

    // The two reports too, each for the params in its address.
    await openPage(page, '/analytics/traffic?granularity=day');
    await expect(page.getByTestId('peak-hours')).toContainText(/Asia\/(Kolkata|Calcutta)/);
    await expect(page.getByTestId('traffic-series').locator('svg').first()).toBeVisible();
    await openPage(page, '/analytics/templates?minVolume=1');
    await expect(page.getByTestId('top-templates').getByRole('table')).toBeVisible();
    expect(asked).toEqual([]);
    await context.close();
  });

  test('a campaign dashboard’s first figures come with the page as well', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    const id = await demoCampaign(page, 'Black Friday 2026');
    const summary = await (await page.request.get(`/api/campaigns/${id}/summary`)).json();
    const stats = await (await page.request.get(`/api/campaigns/${id}/stats`)).json();
    const asked: string[] = [];
    await page.route(/\/api\/(campaigns|v1\/analytics)\//, (route) => {
      asked.push(route.request().url());
      return route.abort();
    });
    await openPage(page, `/campaigns/${id}/dashboard`);
    // A completed campaign: its figures stand still, so the page must show exactly what the API says.
    await expect(page.getByTestId('live-indicator')).toContainText('Completed · final figures');
    expect(await kpiValue(page, 'kpi-sent')).toBe(summary.sent);
    expect(await kpiValue(page, 'kpi-targeted')).toBe(summary.targeted);
    const n = (x: number) => x.toLocaleString('en-US');
    await expect(page.getByTestId('kpi-completion-rate')).toContainText(`${n(stats.contacts.completed)} of ${n(stats.contacts.total)} contacts`);
    await expect(page.getByTestId('funnel-email-sent')).toBeVisible();
    expect(asked).toEqual([]);
  });

  test('an active campaign’s dashboard refreshes itself, lists the contacts behind a step, and a completed one stays still', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    await openPage(page, `/campaigns/${await demoCampaign(page, 'Onboarding series')}/dashboard`);
    const live = page.getByTestId('live-indicator');
    await expect(live).toContainText('Live · updated');
    const first = await live.innerText();
    await expect.poll(() => live.innerText(), { timeout: 15_000 }).not.toBe(first);

    await page.getByTestId('funnel-voice-picked_up').click();
    const drill = page.getByTestId('contact-drilldown');
    await expect(drill).toContainText('Journey: Picked up');
    await expect(drill).toContainText('@example.com');
    await drill.getByRole('button', { name: 'Close' }).click();

    await openPage(page, `/campaigns/${await demoCampaign(page, 'Black Friday 2026')}/dashboard`);
    await expect(page.getByTestId('live-indicator')).toContainText('Completed · final figures');
  });

  test('a campaign page’s numbers rise by themselves while it sends', async ({ page }) => {
    await signIn(page, 'admin@herald.test');
    const segmentId = await idByName(page, '/api/segments?limit=200', 'Everyone opted in');
    const templateId = await idByName(page, '/api/templates?limit=200', 'Welcome');
    const today = new Date().toISOString().slice(0, 10);
    // A start in the past means as soon as possible; the rate limit keeps it sending while the page watches.
    const created = await page.request.post('/api/campaigns', { data: { name: `Live numbers ${Date.now()}`, segmentId, templateId, startDate: today, startTimeOfDay: '00:00', timeZone: 'UTC', sendRateLimit: 20 } });
    expect(created.status()).toBe(201);
    const { id } = ((await created.json()) as { campaign: { id: string } }).campaign;
    try {
      await openPage(page, `/campaigns/${id}/dashboard`);
      await expect(page.getByTestId('campaign-status')).toHaveText('draft');
      await page.getByTestId('status-activate').click();
      const dialog = page.getByRole('dialog', { name: 'Activate this campaign?' });
      await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('campaign-status')).toHaveText('active');
      await expect(page.getByTestId('live-indicator')).toContainText('Live · updated');

      // No reload from here on: the sent count moves on screen as the worker sends.
      await expect.poll(() => kpiValue(page, 'kpi-sent'), { timeout: 30_000 }).toBeGreaterThan(0);
      const first = await kpiValue(page, 'kpi-sent');
      await expect.poll(() => kpiValue(page, 'kpi-sent'), { timeout: 30_000 }).toBeGreaterThan(first);
      // The analytics side follows: sent events reach ClickHouse and the email funnel fills in.
      await expect(page.getByTestId('funnel-email-sent')).toContainText(/[1-9]/, { timeout: 30_000 });
      await keepScreenshot(page, 'campaign-dashboard');

      // Admins may drop the cached stats.
      await page.getByTestId('stats-invalidate').click();
      await expect(page.getByText('Cache cleared')).toBeVisible();
    } finally {
      await page.request.put(`/api/campaigns/${id}/status`, { data: { status: 'completed' } });
    }
  });

  test('only admins see the stats invalidate button', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    const id = await demoCampaign(page, 'Black Friday 2026');
    await openPage(page, `/campaigns/${id}/dashboard`);
    await expect(page.getByTestId('kpi-sent')).toBeVisible();
    await expect(page.getByTestId('live-indicator')).toBeVisible();
    await expect(page.getByTestId('stats-invalidate')).toHaveCount(0);
    // And the API agrees.
    expect((await page.request.post(`/api/campaigns/${id}/stats/invalidate`)).status()).toBe(403);
  });
});
