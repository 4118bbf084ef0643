import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test.describe('templates', () => {
  test('a manager writes a template with a live preview, fixes a syntax error, saves it and sends a test to the outbox', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    await page.goto('/templates');
    await page.getByRole('link', { name: 'New template' }).click();
    await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();

    // The starter renders for the sample contact, in a sandboxed frame.
    const frame = page.getByTestId('template-preview');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(page.getByTestId('preview-subject')).toHaveText('News for you, Sample');
    await expect(page.frameLocator('[data-testid="template-preview"]').getByRole('heading', { name: 'Hi Sample,' })).toBeVisible();

    // A syntax error shows beside its field with line and column; fixing it brings the preview back.
    await page.getByLabel('Subject').fill('Hi {{ first_name | shout }}');
    await expect(page.locator('#template-subject-error')).toHaveText('Line 1, column 4: undefined filter: shout');
    await page.getByLabel('Subject').fill('Hello {{ first_name | default: "there" }} {{ nickname }}');
    await expect(page.getByTestId('preview-subject')).toHaveText('Hello Sample');
    await expect(page.getByTestId('template-warnings')).toContainText('nickname');

    await page.getByLabel('Name').fill('E2E welcome');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'E2E welcome' })).toBeVisible();

    // Preview as a real contact.
    await page.getByLabel('Preview as').click();
    const option = page.getByRole('option').first();
    const email = ((await option.locator('span').first().textContent()) ?? '').trim();
    await option.getByRole('button').click();
    await expect(page.getByTestId('preview-subject')).not.toHaveText('Hello Sample');
    await expect(page.getByText(email, { exact: true })).toBeVisible();

    // Send a test: with no SMTP_URL it lands in the outbox.
    await page.getByLabel('Test address').fill('qa@example.test');
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect(page.getByText('Sent to qa@example.test: see the Outbox')).toBeVisible();
    await page.getByRole('link', { name: 'Outbox' }).click();
    const row = page.getByTestId('outbox-table').getByRole('row', { name: /qa@example\.test/ }).first();
    await expect(row).toContainText('[Test] Hello');
    await row.getByRole('link').click();
    await expect(page.getByTestId('outbox-headers')).toContainText('X-Herald-Test');
    await expect(page.getByTestId('outbox-html')).toHaveAttribute('sandbox', '');
    await expect(page.getByTestId('outbox-text')).toContainText('Unsubscribe (https://example.invalid/sample-unsubscribe-link)');
  });

  test('a viewer can read a template but not change it', async ({ page }) => {
    await signIn(page, 'viewer@herald.test');
    await page.goto('/templates');
    await expect(page.getByRole('link', { name: 'New template' })).toHaveCount(0);
    // An email template: texts and calls have no subject.
    await page.getByTestId('templates-table').getByRole('row').filter({ hasText: 'Email' }).first().getByRole('link').click();
    await expect(page.getByLabel('Subject')).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expect(page.getByTestId('template-preview')).toBeVisible();
  });
});
