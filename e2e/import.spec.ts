import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { openPage, signIn } from './helpers';

const ROWS = 300;
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'];

/** The value beside a term of a description list (`<dt>Imported</dt><dd>297</dd>`). */
const described = (list: Locator, term: string) => list.locator('div').filter({ has: list.page().getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) }).getByRole('definition');

const contactTotal = async (page: Page) => {
  await openPage(page, '/contacts');
  const text = (await page.getByText(/^[\d,]+ contacts in this workspace\.$/).textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
};

/** A few hundred good rows with three bad ones: an invalid email, an unknown time zone and no email at all. */
function writeCsv(file: string, run: string) {
  const bad = new Map<number, { cells: string[]; reason: RegExp }>([
    [41, { cells: ['not-an-email', 'Bad', 'Email', 'Europe/London', 'pro'], reason: /^Email: Enter a valid email address$/ }],
    [137, { cells: [`import.${run}.137@example.org`, 'Bad', 'Zone', 'Mars/Olympus_Mons', 'free'], reason: /^Time zone: Use an IANA time zone/ }],
    [250, { cells: ['', 'No', 'Email', 'Asia/Tokyo', 'enterprise'], reason: /^Email: Enter an email address$/ }],
  ]);
  const lines = ['Email,First name,Last name,Time zone,Plan'];
  for (let i = 0; i < ROWS; i++) {
    const cells = bad.get(i)?.cells ?? [`import.${run}.${i}@example.org`, `First${i}`, `Imported`, ZONES[i % ZONES.length], i % 3 === 0 ? 'pro' : 'free'];
    lines.push(cells.join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The header is row 1, so the i-th data row is row i + 2.
  return [...bad].map(([i, b]) => ({ row: String(i + 2), raw: b.cells.join(','), reason: b.reason }));
}

test.describe('contact import', () => {
  test('a manager imports a CSV: mapping, progress to 100 %, exact summary and a rejects report naming the bad rows', async ({ page }, testInfo) => {
    const run = `${Date.now().toString(36)}${testInfo.retry}`;
    const fileName = `e2e-import-${run}.csv`;
    const file = testInfo.outputPath(fileName);
    const rejects = writeCsv(file, run);

    await signIn(page, 'manager@herald.test');
    const before = await contactTotal(page);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await expect(page.getByRole('heading', { name: 'Import contacts' })).toBeVisible();

    // 1. Upload.
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();

    // 2. Mapping: every column is suggested, email among them.
    await expect(page.getByRole('heading', { name: `2. Match the columns of ${fileName}` })).toBeVisible();
    const email = page.getByLabel('Email', { exact: true });
    await expect(email).toHaveValue('email');
    await expect(page.getByLabel('First name', { exact: true })).toHaveValue('first_name');
    await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('time_zone');
    await expect(page.getByLabel('Plan', { exact: true })).toHaveValue('attributes.plan');
    await expect(page.getByTestId('import-mapping').getByRole('row', { name: /^Email/ })).toContainText(`import.${run}.0@example.org`);
    const start = page.getByRole('button', { name: 'Start import' });
    // Without an email column the import cannot start.
    await email.selectOption('ignore');
    await expect(page.getByText('Map a column to email.')).toBeVisible();
    await expect(start).toBeDisabled();
    await email.selectOption('email');
    await expect(start).toBeEnabled();
    await start.click();

    // 3. Progress: the local worker of `next start` runs the job; the bar reaches 100 % with rows and speed shown.
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 45_000 });
    const status = page.getByText(/rows done · [\d,]+ rows\/s · \d+%$/);
    await expect(status).toHaveText(new RegExp(`^${ROWS} rows done · [\\d,]+ rows/s · 100%$`));
    const speed = Number(((await status.textContent()) ?? '').match(/· ([\d,]+) rows\/s/)![1].replace(/,/g, ''));
    expect(speed).toBeGreaterThan(0);

    // Summary: exact counts.
    await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
    const summary = page.getByTestId('import-summary');
    await expect(described(summary, 'Rows read')).toHaveText(String(ROWS));
    await expect(described(summary, 'Imported')).toHaveText(String(ROWS - 3));
    await expect(described(summary, 'Rejected')).toHaveText('3');

    // The rejects report downloads as a CSV naming the three rows, why each was refused, and the row as it was.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download rejected rows' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`e2e-import-${run}-rejected-rows.csv`);
    const records = parse(readFileSync(await download.path(), 'utf8')) as string[][];
    expect(records[0]).toEqual(['row', 'reason', 'raw']);
    expect(records.slice(1).map(([row, , raw]) => ({ row, raw }))).toEqual(rejects.map(({ row, raw }) => ({ row, raw })));
    rejects.forEach((r, i) => expect(records[i + 1][1]).toMatch(r.reason));

    // The good rows are contacts now; the bad ones are not.
    await page.getByRole('link', { name: 'Go to contacts' }).click();
    await expect(page.getByText(`${(before + ROWS - 3).toLocaleString('en-US')} contacts in this workspace.`)).toBeVisible();
    await page.getByLabel('Search').fill(`import.${run}.0@example.org`);
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('contacts-table').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('First0');
    await page.getByLabel('Search').fill(`import.${run}.137@`);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No contacts match')).toBeVisible();
  });
});
