import { expect, test } from '@playwright/test';
import { reviewerShot, signIn } from './helpers';

test.describe('text and call templates', () => {
  test('a manager writes an SMS with a live segment counter and a call with one question, and finds both in the list by channel', async ({ page }) => {
    await signIn(page, 'manager@herald.test');

    // SMS: the counter follows the text (160 GSM-7 characters fit one segment, 161 take two, an emoji means UCS-2).
    await page.goto('/templates/new');
    await page.getByRole('radio', { name: 'SMS', exact: true }).check();
    await page.getByLabel('Name', { exact: true }).fill('E2E SMS reminder');
    const message = page.getByLabel('Message', { exact: true });
    const segments = page.getByTestId('sms-segments');
    const encoding = page.getByTestId('sms-encoding');
    await message.fill('a'.repeat(160));
    await expect(segments).toHaveText('1 segment');
    await expect(encoding).toHaveText('GSM-7');
    await message.fill('a'.repeat(161));
    await expect(segments).toHaveText('2 segments');
    await message.fill('Hi {{ first_name }}, your table is ready 👋');
    await expect(encoding).toHaveText('UCS-2');
    await expect(segments).toHaveText('1 segment');
    await expect(page.getByTestId('text-preview')).toHaveText('Hi Sample, your table is ready 👋');
    await reviewerShot(page, 'template-sms');

    // A refused save keeps what was typed and shows the error beside the message.
    await message.fill('  ');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#template-body-error')).toHaveText('Write the message');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('E2E SMS reminder');
    await message.fill('Hi {{ first_name }}, your table is ready 👋');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: 'E2E SMS reminder' })).toBeVisible();
    await expect(page.getByTestId('template-channel')).toHaveText('SMS');
    await expect(page.getByLabel('Message', { exact: true })).toHaveValue('Hi {{ first_name }}, your table is ready 👋');

    // A call: script, one question with one answer, and what it says in order.
    await page.goto('/templates/new');
    await page.getByRole('radio', { name: 'Phone call', exact: true }).check();
    await page.getByLabel('Name', { exact: true }).fill('E2E qualification call');
    await page.getByLabel('Script', { exact: true }).fill('Hello {{ first_name }}, this is Herald.');
    await page.getByRole('button', { name: 'Add a question' }).click();
    await page.getByLabel('Answer key').fill('interest');
    await page.getByLabel('Question asked').fill('Would you like a demo? Press 1 or say yes.');
    await page.getByLabel('Keys for answer 1').fill('x');
    await page.getByLabel('Spoken words for answer 1').fill('yes, sure');
    await page.getByLabel('Intent for answer 1').fill('interested');
    await page.getByRole('button', { name: 'Save' }).click();
    // The server's error for content.questions.0.choices.0.digits shows on that row; the rest stays as typed.
    await expect(page.locator('#call-q0-c0-errors')).toContainText('Keys are digits, * or # (at most 4)');
    await expect(page.getByLabel('Question asked')).toHaveValue('Would you like a demo? Press 1 or say yes.');
    await page.getByLabel('Keys for answer 1').fill('1');
    const said = page.getByTestId('call-preview');
    await expect(said).toContainText('Hello {{ first_name }}, this is Herald.');
    await expect(said).toContainText('Would you like a demo?');
    await expect(said).toContainText('press 1 or say “yes” or “sure” → interested');
    await expect(said).toContainText('Thank you. Goodbye.');
    await reviewerShot(page, 'template-call');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('template-channel')).toHaveText('Phone call');
    await expect(page.getByLabel('Answer key')).toHaveValue('interest');
    await expect(page.getByLabel('Spoken words for answer 1')).toHaveValue('yes, sure');

    await page.goto('/templates');
    const table = page.getByTestId('templates-table');
    await expect(table.getByRole('row', { name: /E2E SMS reminder/ })).toContainText('SMS');
    await expect(table.getByRole('row', { name: /E2E qualification call/ })).toContainText('Phone call');
  });

  test('a manager sets a contact\'s phone number and text consent', async ({ page }) => {
    await signIn(page, 'manager@herald.test');
    await page.goto('/contacts');
    await page.getByTestId('contacts-table').locator('tbody tr').first().getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Phone and consent' })).toBeVisible();

    const phone = page.getByLabel('Phone', { exact: true });
    await phone.fill('7700 900555');
    await page.getByLabel('SMS', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#contact-phone-error')).toHaveText('Use E.164 format, e.g. +447700900123');
    await expect(page.getByLabel('SMS', { exact: true })).toBeChecked();

    await phone.fill('+44 7700 900555');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Contact saved')).toBeVisible();
    await reviewerShot(page, 'contact-consent');
    await expect(phone).toHaveValue('+447700900555');
    await page.reload();
    await expect(page.getByLabel('Phone', { exact: true })).toHaveValue('+447700900555');
    await expect(page.getByLabel('SMS', { exact: true })).toBeChecked();
  });
});
