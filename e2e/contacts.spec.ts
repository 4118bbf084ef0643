import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test.describe('contacts', () => {
  test('search, filter, page forward and back, and open a contact', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    await page.goto('/contacts');
    const rows = page.getByTestId('contacts-table').locator('tbody tr');
    await expect(rows).toHaveCount(50);
    const firstPage = await rows.first().textContent();

    await page.getByRole('link', { name: 'Next →' }).click();
    await expect(rows.first()).not.toHaveText(firstPage ?? '');
    await page.getByRole('link', { name: '← Previous' }).click();
    await expect(rows.first()).toHaveText(firstPage ?? '');

    // A tag in the list lists the contacts that carry it, and paging keeps the filter.
    await page.getByRole('link', { name: 'Contacts tagged vip' }).first().click();
    await expect(page).toHaveURL(/[?&]tag=vip/);
    await expect(page.getByRole('searchbox', { name: 'Tag', exact: true })).toHaveValue('vip');
    await expect(rows).toHaveCount(50);
    for (const text of await rows.locator('td:nth-child(4)').allTextContents()) expect(text).toContain('vip');
    await page.getByRole('link', { name: 'Next →' }).click();
    await expect(page).toHaveURL(/tag=vip.*cursor=|cursor=.*tag=vip/);
    for (const text of await rows.locator('td:nth-child(4)').allTextContents()) expect(text).toContain('vip');
    await page.getByRole('searchbox', { name: 'Tag', exact: true }).fill('');

    await page.getByLabel('Search').fill('ava');
    await page.getByLabel('Marketing opt-in').selectOption('no');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=ava/);
    await expect(page).toHaveURL(/optIn=no/);
    for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain('ava');
    for (const text of await rows.locator('td:last-child').allTextContents()) expect(text).toBe('No');

    await rows.first().getByRole('link', { name: /@/ }).click();
    await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Attributes' })).toBeVisible();
    await expect(page.getByTestId('contact-attributes')).toContainText('Plan');
    await expect(page.getByText('Not in any campaign yet.')).toBeVisible();
  });

  test('an unknown or malformed contact id shows the not-found page', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await page.goto(`/contacts/${id}`);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    }
  });
});
