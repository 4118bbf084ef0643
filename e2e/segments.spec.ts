import { expect, test, type Page } from '@playwright/test';
import { openPage, signIn } from './helpers';

const countOf = async (page: Page) => Number(((await page.getByTestId('segment-count').textContent()) ?? '').replace(/[^\d]/g, ''));

test.describe('segments', () => {
  test('a manager builds a nested segment, watches the live count, and saves it', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    await page.goto('/segments');
    await page.getByRole('link', { name: 'New segment' }).click();
    await expect(page.getByRole('heading', { name: 'New segment' })).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill('E2E Europeans on pro');

    // The first condition: time zone starts with Europe/.
    await page.getByLabel('Field').nth(0).selectOption('time_zone');
    await page.getByLabel('Operator').nth(0).selectOption('starts_with');
    await page.getByLabel('Value').nth(0).fill('Europe/');
    await expect(page.getByTestId('segment-count')).not.toHaveText('—');
    await expect.poll(() => countOf(page)).toBeGreaterThan(0);
    const europe = await countOf(page);

    // A nested OR group: plan is pro OR tag vip — the AND with it can only shrink the count.
    await page.getByRole('button', { name: 'Add group' }).click();
    const group = page.getByTestId('segment-group').nth(1);
    await group.getByLabel('Field').selectOption('attributes.plan');
    await group.getByLabel('Operator').selectOption('equals');
    // An empty value is flagged beside the node, and the count waits for a valid tree.
    await expect(group.getByRole('alert')).toContainText('Enter a value');
    await group.getByLabel('Value').fill('PRO');
    await group.getByRole('button', { name: 'Add condition' }).click();
    await group.getByLabel('Field').nth(1).selectOption('tags');
    await group.getByLabel('Tag').fill('vip');
    await expect.poll(() => countOf(page)).toBeLessThan(europe);
    await expect(page.getByTestId('segment-sample')).toBeVisible();

    await page.getByRole('button', { name: 'Create segment' }).click();
    await expect(page).toHaveURL(/\/segments\/[0-9a-f-]{36}$/);
    const saved = await countOf(page);
    // The list shows first with "counting…", and the audiences stream in.
    await openPage(page, '/segments');
    const row = page.getByTestId('segments-table').getByRole('row', { name: /E2E Europeans on pro/ });
    await expect(row).not.toContainText('counting…');
    await expect(row).toContainText(saved.toLocaleString('en-US'));
  });

  test('a viewer can explore a segment but not change it', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    await page.goto('/segments');
    await expect(page.getByRole('link', { name: 'New segment' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Everyone opted in' }).click();
    await expect.poll(() => countOf(page)).toBeGreaterThan(0);
    await expect(page.getByLabel('Field').first()).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  });
});
