import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from './helpers';

const SEGMENT = 'Pro customers in Europe, or VIPs';
const ZONE = 'America/New_York';

const numberIn = (text: string | null, pattern: RegExp) => Number((text ?? '').match(pattern)?.[1].replace(/,/g, '') ?? NaN);
/** The big number of a totals card, whose lines are its label, the number and a hint. */
const metric = async (card: Locator) => numberIn((await card.innerText()).split('\n').map((l) => l.trim()).filter(Boolean)[1] ?? '', /^([\d,]+)$/);

/** Opens a confirmation dialog and confirms it. */
async function confirm(page: Page, action: string, confirmLabel = action) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `${action} this campaign?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** A date three weeks from now, as the date input wants it, and as the app writes it in the browser's en-US locale ("Dec 15, 2026"). */
function futureDate() {
  const d = new Date(Date.now() + 21 * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  const shown = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${iso}T12:00:00Z`));
  return { iso, shown };
}

test.describe('campaign builder', () => {
  test('a manager builds a campaign, activates it, pauses and resumes it', async ({ page }) => {
    const name = `E2E launch ${Date.now().toString(36)}`;
    const start = futureDate();
    await signIn(page, 'manager@herald.test');
    await page.goto('/campaigns');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await expect(page.getByRole('heading', { name: 'New campaign', level: 1 })).toBeVisible();
    const steps = page.getByRole('list', { name: 'Builder steps' });
    const next = page.getByRole('button', { name: 'Save and continue' });
    await expect(steps.getByRole('button', { name: '1. Audience' })).toHaveAttribute('aria-current', 'step');

    // Audience. Continuing without a name flags the field beside it, and nothing is saved.
    const nameField = page.getByLabel('Campaign name');
    const segmentField = page.getByLabel('Segment', { exact: true });
    await next.click();
    await expect(page.getByText('Please fix the highlighted fields')).toBeVisible();
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');
    await expect(nameField).toHaveAccessibleDescription('Name the campaign');
    await expect(segmentField).toHaveAccessibleDescription('Choose a segment');
    await expect(page).toHaveURL(/\/campaigns\/new$/);

    await nameField.fill(name);
    await segmentField.selectOption({ label: SEGMENT });
    const live = page.getByTestId('segment-count');
    await expect(live).toHaveText(new RegExp(`^${SEGMENT} · [\\d,]+ contacts match right now$`));
    const matching = numberIn(await live.textContent(), /· ([\d,]+) contacts/);
    expect(matching).toBeGreaterThan(0);
    await next.click();

    // Content: the first save made a draft, whose id the address now carries.
    await expect(steps.getByRole('button', { name: '2. Content' })).toHaveAttribute('aria-current', 'step');
    await expect(page).toHaveURL(/\/campaigns\/new\?id=[0-9a-f-]{36}$/);
    const id = new URL(page.url()).searchParams.get('id')!;
    await expect(page.getByRole('radio', { name: 'One template' })).toBeChecked();
    const template = page.getByLabel('Template', { exact: true });
    await next.click();
    await expect(template).toHaveAccessibleDescription('Choose a template, or a flow');
    await template.selectOption((await template.getByRole('option', { name: /^Follow-up — / }).getAttribute('value'))!);
    await next.click();

    // Schedule: a future start, at a time of day, in a zone of our choosing.
    await expect(steps.getByRole('button', { name: '3. Schedule' })).toHaveAttribute('aria-current', 'step');
    await page.getByLabel('Time zone', { exact: true }).selectOption(ZONE);

    // The suggested send time names its slot and basis; "Use this time" fills the date and time fields.
    const suggestion = page.getByTestId('send-time-suggestion');
    await expect(page.getByTestId('send-time-slot')).toHaveText(/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{2}:00$/);
    await expect(page.getByTestId('send-time-basis')).toHaveText(/^Based on (this segment's engagement: [\d,]+ contacts|the workspace's engagement: [\d,]+ contacts|a default)/);
    const slotTime = (await page.getByTestId('send-time-slot').innerText()).split(' ')[1];
    const use = suggestion.getByRole('button', { name: /^Use this time \(\d{4}-\d{2}-\d{2}\)$/ });
    const slotDate = (await use.innerText()).match(/\((\d{4}-\d{2}-\d{2})\)/)![1];
    await use.click();
    await expect(page.getByLabel('Start date')).toHaveValue(slotDate);
    await expect(page.getByLabel('Time of day')).toHaveValue(slotTime);

    await page.getByLabel('Start date').fill(start.iso);
    await page.getByLabel('Time of day').fill('10:30');
    await expect(page.getByTestId('first-send-preview')).toContainText(`First email: `);
    await expect(page.getByTestId('first-send-preview')).toContainText(`${start.shown}, 10:30 AM (${ZONE})`);
    await next.click();

    // Review.
    await expect(steps.getByRole('button', { name: '4. Review' })).toHaveAttribute('aria-current', 'step');
    const review = page.getByTestId('campaign-review');
    await expect(review).toContainText(name);
    await expect(review).toContainText(`${SEGMENT} (${matching.toLocaleString('en-US')} now)`);
    await expect(review).toContainText('Email: Follow-up');
    await expect(review).toContainText(`${start.shown}, 10:30 AM (${ZONE})`);

    // Activate behind its confirmation; the detail page shows the frozen audience.
    await confirm(page, 'Activate', 'Activate now');
    await expect(page).toHaveURL(new RegExp(`/campaigns/${id}$`));
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    const status = page.getByTestId('campaign-status');
    await expect(status).toHaveText('active');
    await expect(page.getByRole('region', { name: 'Summary' })).toContainText(`${start.iso} 10:30 (${ZONE})`);
    await expect(page.getByTestId('kpi-targeted')).toContainText(matching.toLocaleString('en-US'));
    expect(await metric(page.getByTestId('kpi-targeted'))).toBe(matching);
    // The targeted card's hint names the excluded count and reasons.
    const excluded = numberIn(await page.getByTestId('kpi-targeted').innerText(), /([\d,]+) excluded/);
    const recipients = await metric(page.getByTestId('kpi-recipients'));
    expect(excluded).toBeGreaterThan(0);
    expect(excluded + recipients).toBe(matching);
    expect(await metric(page.getByTestId('kpi-scheduled'))).toBe(recipients);
    await expect(page.getByTestId('kpi-targeted')).toContainText('no marketing opt-in');

    // Pause, then resume, each behind its confirmation.
    await confirm(page, 'Pause');
    await expect(status).toHaveText('paused');
    await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
    await confirm(page, 'Resume');
    await expect(status).toHaveText('active');
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

    const history = page.getByTestId('status-history');
    for (const change of ['draft → active', 'active → paused', 'paused → active']) {
      await expect(history.getByRole('row', { name: new RegExp(change) })).toHaveCount(1);
    }

    // The list shows it among the active campaigns.
    await page.goto('/campaigns?status=active');
    const row = page.getByTestId('campaigns-table').getByRole('row', { name: new RegExp(name) });
    await expect(row.getByTestId('campaign-status')).toHaveText('active');
    await expect(row).toContainText(matching.toLocaleString('en-US'));
    await expect(row).toContainText('Email: Follow-up');
  });
});
