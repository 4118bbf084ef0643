import { expect, test } from '@playwright/test';
import { openPage, reviewerShot, signIn } from './helpers';

test.describe('API reference', () => {
  test('the document is served and the reference page renders it, grouped by tag, without outside resources', async ({ page }) => {
    const outside: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith('http://127.0.0.1') && !req.url().startsWith('http://localhost') && !req.url().startsWith('data:')) outside.push(req.url());
    });
    const doc = await (await page.request.get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, object>).reduce((n: number, item) => n + Object.keys(item).length, 0);

    await signIn(page, 'viewer@herald.test');
    await openPage(page, '/docs/api');
    await expect(page.getByRole('heading', { name: 'API reference' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Campaigns', exact: true })).toBeVisible();
    await expect(page.getByTestId('api-operation')).toHaveCount(operations);
    const list = page.locator('#op-getCampaigns');
    await expect(list).toContainText('nextCursor');
    await expect(list).toContainText('limit (query)');
    expect(outside).toEqual([]);
    await reviewerShot(page, 'api-reference');
  });
});
