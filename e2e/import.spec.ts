import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { openPage, signIn } from './helpers';

const ROWS = 300;
/** This row repeats row 5's email. */
const DUPLICATE = 10;
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'];

/** The value beside a term of a description list (`<dt>Imported</dt><dd>297</dd>`). */
const described = (list: Locator, term: string) => list.locator('div').filter({ has: list.page().getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }) }).getByRole('definition');

const contactTotal = async (page: Page) => {
  await openPage(page, '/contacts');
  const text = (await page.getByText(/^[\d,]+ contacts in this workspace\.$/).textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
};

/** A long cell nobody imports, so the file (about 9 MB) goes up in three pieces. */
const NOTE = 'n'.repeat(30_000);

/**
 * A few hundred good rows with three bad ones (an invalid email, an unknown time zone, no email at all) and one row
 * repeating an earlier email, which updates the contact that row created.
 */
function writeCsv(file: string, run: string) {
  const bad = new Map<number, { cells: string[]; reason: RegExp }>([
    [41, { cells: ['not-an-email', 'Bad', 'Email', 'Europe/London', 'pro'], reason: /^Email: Enter a valid email address$/ }],
    [137, { cells: [`import.${run}.137@example.org`, 'Bad', 'Zone', 'Mars/Olympus_Mons', 'free'], reason: /^Time zone: Use an IANA time zone/ }],
    [250, { cells: ['', 'No', 'Email', 'Asia/Tokyo', 'enterprise'], reason: /^Email: Enter an email address$/ }],
  ]);
  const lines = ['Email,First name,Last name,Time zone,Plan,Notes'];
  for (let i = 0; i < ROWS; i++) {
    const email = i === DUPLICATE ? `import.${run}.5@example.org` : `import.${run}.${i}@example.org`;
    const cells = bad.get(i)?.cells ?? [email, `First${i}`, `Imported`, ZONES[i % ZONES.length], i % 3 === 0 ? 'pro' : 'free'];
    lines.push([...cells, NOTE].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  // The header is row 1, so the i-th data row is row i + 2.
  // The report keeps a rejected row's first 10,000 characters.
  return [...bad].map(([i, b]) => ({ row: String(i + 2), raw: [...b.cells, NOTE].join(',').slice(0, 10_000), reason: b.reason }));
}

test.describe('contact import', () => {
  test('a manager imports a CSV: upload in pieces with progress, mapping, progress to 100 %, created / updated / rejected and a rejects report', async ({ page }, testInfo) => {
    const run = `${Date.now().toString(36)}${testInfo.retry}`;
    const fileName = `e2e-import-${run}.csv`;
    const file = testInfo.outputPath(fileName);
    const rejects = writeCsv(file, run);

    await signIn(page, 'manager@herald.test');
    const before = await contactTotal(page);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await expect(page.getByRole('heading', { name: 'Import contacts' })).toBeVisible();

    // 1. Upload in pieces of at most 4 MB. Each piece is held back a moment so the bar can be seen moving, and the
    // second piece's first attempt fails on the network: the page sends it again by itself.
    const sent: number[] = [];
    await page.route('**/api/imports/*/chunks/*', async (route) => {
      const index = Number(route.request().url().split('/').pop());
      sent.push(index);
      await new Promise((resolve) => setTimeout(resolve, 700));
      if (index === 1 && sent.filter((i) => i === 1).length === 1) return route.abort('connectionreset');
      return route.continue();
    });
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    const uploadBar = page.getByRole('progressbar', { name: 'Upload progress' });
    await expect(uploadBar).toBeVisible();
    await expect(page.getByTestId('upload-status')).toHaveText(/^Uploading [\d.]+ MB of 8\.\d MB · \d+%$/);
    await expect.poll(async () => Number(await uploadBar.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(40);

    // 2. Mapping: every column is suggested, email among them.
    await expect(page.getByRole('heading', { name: `2. Match the columns of ${fileName}` })).toBeVisible();
    expect(sent).toEqual([0, 1, 1, 2]);
    await page.unroute('**/api/imports/*/chunks/*');
    await expect(page.getByLabel('Notes', { exact: true })).toHaveValue('ignore');
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

    // 3. Progress: queued from the first second, then the local worker of `next start` runs the job; the bar reaches
    // 100 % with rows and speed shown.
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect(bar).toBeVisible();
    await expect(page.getByText(/^(Queued · the import starts in a moment…|Waiting for a worker to pick up the import.*|[\d,]+ rows done · .*)$/)).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 45_000 });
    const status = page.getByText(/rows done · [\d,]+ rows\/s · \d+%$/);
    await expect(status).toHaveText(new RegExp(`^${ROWS} rows done · [\\d,]+ rows/s · 100%$`));
    const speed = Number(((await status.textContent()) ?? '').match(/· ([\d,]+) rows\/s/)![1].replace(/,/g, ''));
    expect(speed).toBeGreaterThan(0);

    // Summary: exact counts.
    await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
    const summary = page.getByTestId('import-summary');
    await expect(described(summary, 'Rows read')).toHaveText(String(ROWS));
    await expect(described(summary, 'Created')).toHaveText(String(ROWS - 4));
    await expect(described(summary, 'Updated')).toHaveText('1');
    await expect(described(summary, 'Skipped')).toHaveText('0');
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
    await expect(page.getByText(`${(before + ROWS - 4).toLocaleString('en-US')} contacts in this workspace.`)).toBeVisible();
    await page.getByLabel('Search').fill(`import.${run}.0@example.org`);
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('contacts-table').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('First0');
    await page.getByLabel('Search').fill(`import.${run}.137@`);
    await page.getByRole('button', { name: 'Search' }).click();
    // Scoped to the page's main region: a streamed part can linger as a hidden copy at the end of the body.
    await expect(page.getByRole('main').getByText('No contacts match')).toBeVisible();
  });

  test('skips existing contacts when asked, and imports an unknown column into an attribute created on the mapping screen', async ({ page }, testInfo) => {
    const run = `${Date.now().toString(36)}${testInfo.retry}`;
    const key = `city_${run}`.replace(/[^a-z0-9_]/g, '_');
    const file = testInfo.outputPath(`e2e-skip-${run}.csv`);
    const emails = [0, 1, 2].map((i) => `skip.${run}.${i}@example.org`);
    writeFileSync(file, `Email,Last name,${key}\n${emails[0]},Changed,Leeds\n${emails[1]},New,York\n${emails[2]},New,Bath\n`);

    await signIn(page, 'manager@herald.test');
    // One of the file's contacts already exists.
    const made = await page.request.post('/api/v1/contacts', { data: { contacts: [{ email: emails[0], lastName: 'Kept' }] } });
    expect(made.status()).toBe(200);
    await openPage(page, '/contacts/import');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();

    // The city column matches nothing: create a text attribute for it right here.
    const city = page.getByLabel(key, { exact: true });
    await expect(city).toHaveValue('ignore');
    await city.selectOption({ label: 'New attribute…' });
    const form = page.getByRole('group', { name: `New attribute for ${key}` });
    await expect(form.getByLabel('Attribute key')).toHaveValue(key);
    await expect(page.getByRole('button', { name: 'Start import' })).toBeDisabled();
    await form.getByLabel('Type').selectOption({ label: 'Text' });
    await form.getByRole('button', { name: 'Create attribute' }).click();
    await expect(city).toHaveValue(`attributes.${key}`);
    await expect(form).toBeHidden();

    await page.getByLabel('Skip them and leave them as they are').check();
    await page.getByRole('button', { name: 'Start import' }).click();
    await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 45_000 });
    const summary = page.getByTestId('import-summary');
    await expect(described(summary, 'Created')).toHaveText('2');
    await expect(described(summary, 'Updated')).toHaveText('0');
    await expect(described(summary, 'Skipped')).toHaveText('1');
    await expect(described(summary, 'Rejected')).toHaveText('0');

    // The existing contact kept its name; the new ones were created, and the workspace has the new text attribute.
    const kept = await (await page.request.get(`/api/v1/contacts?q=${encodeURIComponent(emails[0])}`)).json();
    const fresh = await (await page.request.get(`/api/v1/contacts?q=${encodeURIComponent(emails[1])}`)).json();
    expect(kept.items).toEqual([expect.objectContaining({ email: emails[0], lastName: 'Kept' })]);
    expect(fresh.items).toEqual([expect.objectContaining({ email: emails[1], lastName: 'New' })]);
    const attributes = await (await page.request.get('/api/attributes')).json();
    expect(attributes.items).toContainEqual({ key, label: expect.any(String), type: 'string' });
  });
});
