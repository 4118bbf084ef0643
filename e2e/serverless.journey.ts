/**
 * The production build run as Vercel runs it: `VERCEL=1`, a read-only app directory, no worker in the process, jobs
 * only through signed calls to `/api/inngest` (a test process plays Inngest Cloud's part), real PostgreSQL migrated by
 * `prisma migrate deploy`, ClickHouse reached over HTTP through `CLICKHOUSE_URL` (chDB behind ClickHouse's HTTP
 * interface stands in for the server) and a real SMTP server. A new admin imports a CSV, activates a campaign,
 * receives the emails and sees the counts on the dashboard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { spawnChdbHttpServer } from '../tests/support/chdb-http-server';
import { startInngestPlayer, testEventKey, testSigningKey, type InngestPlayer } from '../tests/support/inngest-player';
import { startSmtpServer, type SmtpSink } from '../tests/support/smtp-server';
import { ROOT, deploymentDatabase, oneEmailCampaign, signInAs, sql, waitForHealth } from './production-server';

const PORT = Number(process.env.SERVERLESS_PORT ?? 3150);
const BASE = `http://127.0.0.1:${PORT}`;
const OWNER = { email: 'owner@serverless.example', name: 'Olivia Owner', password: 'serverless-journey-2026' };
const CONTACTS = 160;
/** A long cell nobody imports, so the file (about 5 MB) goes up in two pieces under Vercel's body limit. */
const NOTE = 'n'.repeat(30_000);

const server = process.env.TEST_DATABASE_URL;
test.skip(!server, 'needs TEST_DATABASE_URL (a PostgreSQL server): the serverless path has no embedded database');

let database: Awaited<ReturnType<typeof deploymentDatabase>> | undefined;
let app: ChildProcess | undefined;
let appLog = '';
let signingKey = '';
let eventKey = '';
const AUTH_SECRET = 'serverless-journey-secret-serverless-journey';
let smtp: SmtpSink;
let clickhouse: Awaited<ReturnType<typeof spawnChdbHttpServer>>;
let player: InngestPlayer;
const started = Date.now();
const timings: Record<string, number> = {};
const mark = (name: string) => (timings[name] = Math.round((Date.now() - started) / 100) / 10);

/** `next start` inside a mount namespace where the app directory is mounted read-only, as on a deployment. */
function startReadOnlyApp(env: NodeJS.ProcessEnv): ChildProcess {
  const script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && touch "$1/.write-probe" 2>/dev/null && { echo "app directory is writable"; exit 3; }; exec "$2" "$1/node_modules/next/dist/bin/next" start --port "$3" --hostname 127.0.0.1';
  const child = spawn('unshare', ['--mount', 'sh', '-c', script, 'sh', ROOT, process.execPath, String(PORT)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c: Buffer) => (appLog += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (appLog += c.toString('utf8')));
  return child;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // A database of its own, migrated the way `npm run vercel-build` migrates a preview's database, and its first admin.
  database = await deploymentDatabase(server!, 'herald_e2e_sls', { name: 'Serverless Co', slug: 'serverless' }, OWNER);
  mark('database ready');

  [smtp, clickhouse] = await Promise.all([startSmtpServer(), spawnChdbHttpServer()]);
  signingKey = testSigningKey('branch');
  eventKey = testEventKey();
  // Inngest fires crons each minute; the player fires them each second (skipping one still running), so the outbox
  // flusher keeps shipping as it does on a deployment.
  player = await startInngestPlayer({ appUrl: `${BASE}/api/inngest`, signingKey, eventKey, sleeps: 'real', cronEveryMs: 1_000, retryDelayMs: 500 });
  app = startReadOnlyApp({
    ...database.env,
    NODE_ENV: 'production',
    VERCEL: '1',
    NEXTAUTH_SECRET: AUTH_SECRET,
    NEXTAUTH_URL: BASE,
    CLICKHOUSE_URL: clickhouse.url,
    CLICKHOUSE_DATABASE: 'herald_journey',
    INNGEST_SIGNING_KEY: signingKey,
    INNGEST_EVENT_KEY: eventKey,
    INNGEST_BASE_URL: player.eventApiUrl,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Serverless Co <news@serverless.example>',
  });
  await waitForHealth(BASE, app, () => appLog, 60_000);
  mark('app healthy');
});

test.afterAll(async () => {
  await player?.close();
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app!.once('exit', r));
    app.kill('SIGTERM');
    await exited;
  }
  await Promise.all([smtp?.close(), clickhouse?.close()]);
  await database?.drop();
  console.log(`serverless journey timings (s since start): ${JSON.stringify(timings)}`);
});

test('on a read-only deployment with jobs only through signed Inngest calls: import a CSV, activate a campaign, the emails arrive, the dashboard counts them', async ({ page }, testInfo) => {
  // 1. The deployment is configured and healthy, and its job endpoint accepts only Inngest's signature.
  const health = (await (await fetch(`${BASE}/api/health`)).json()) as { ok: boolean; degraded: boolean; reasons?: string[] };
  expect(health, JSON.stringify(health)).toMatchObject({ ok: true, degraded: false, checks: { configuration: { mode: 'serverless', ok: true }, jobs: { driver: 'inngest', ok: true }, clickhouse: { ok: true } } });
  const unsigned = await fetch(`${BASE}/api/inngest?fnId=herald-jobs-prune-finished&stepId=step`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":{},"steps":{},"ctx":{}}' });
  expect(unsigned.status).toBe(401);
  const functions = await player.sync();
  expect(functions.map((f) => f.id)).toEqual(expect.arrayContaining(['herald-campaigns-dispatch', 'herald-contacts-import', 'herald-analytics-flush-outbox', 'herald-delivery-dispatch-due']));
  mark('synced');

  // 2. Sign in as the first admin and import a CSV through the import page: the file goes up in pieces into
  // PostgreSQL and the import job runs through Inngest, on whichever instance Inngest calls.
  await signInAs(page, BASE, OWNER);
  const file = testInfo.outputPath('serverless-contacts.csv');
  const lines = ['Email,First name,Last name,Opted in,Opt-in source,Notes'];
  for (let i = 0; i < CONTACTS; i++) lines.push(`reader.${i}@serverless.example,Reader${i},Journey,yes,import,${NOTE}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await page.goto(`${BASE}/contacts`);
  await page.getByRole('link', { name: 'Import CSV' }).click();
  const pieces: number[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && /\/api\/imports\/[^/]+\/chunks\/\d+$/.test(r.url())) pieces.push(r.postDataBuffer()?.length ?? 0);
  });
  await page.getByLabel('CSV file', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('heading', { name: '2. Match the columns of serverless-contacts.csv' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('email');
  await page.getByRole('button', { name: 'Start import' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-summary').locator('div').filter({ hasText: /^Created/ }).getByRole('definition')).toHaveText(String(CONTACTS));
  // Pieces small enough for Vercel's 4.5 MB request body limit.
  expect(pieces.length).toBeGreaterThanOrEqual(2);
  expect(Math.max(...pieces)).toBeLessThanOrEqual(4.5 * 1024 * 1024);
  mark('imported');

  // 3. A segment of the imported readers, one email, and a campaign that starts now; activated from its page.
  const subject = 'Hello from a serverless Herald';
  const campaign = await oneEmailCampaign(page.request, BASE, { domain: 'serverless.example', label: 'Serverless', subject });
  await page.goto(`${BASE}/campaigns/${campaign.id}`);
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  await page.getByRole('dialog', { name: 'Activate this campaign?' }).getByRole('button', { name: 'Activate', exact: true }).click();
  mark('activated');

  // 4. Every reader gets the email once, at the real SMTP server.
  await expect.poll(() => smtp.arrivals.length, { timeout: 60_000 }).toBe(CONTACTS);
  expect(new Set(smtp.arrivals.map((a) => a.to)).size).toBe(CONTACTS);
  expect(smtp.arrivals.every((a) => a.raw.includes(`Subject: ${subject}`))).toBe(true);
  mark('delivered');

  // 5. The campaign completes and its dashboard counts the sends, read from ClickHouse over HTTP.
  await expect.poll(async () => (await sql<{ status: string }>(database!.url, 'SELECT status::text FROM campaigns WHERE id = $1', [campaign.id]))[0]?.status, { timeout: 90_000 }).toBe('completed');
  await expect(async () => {
    await page.goto(`${BASE}/campaigns/${campaign.id}/dashboard`);
    // The figures load after the page; a busy machine may take seconds, so each attempt waits for them.
    await expect(page.getByTestId('kpi-sent')).toContainText(String(CONTACTS), { timeout: 15_000 });
  }).toPass({ timeout: 90_000 });
  mark('dashboard');

  // Everything ran through signed Inngest calls: the runs completed, and no job went into the local queue.
  const runs = player.runs.filter((r) => ['herald-contacts-import', 'herald-campaigns-dispatch'].includes(r.fnId));
  expect(runs.filter((r) => r.fnId === 'herald-contacts-import').map((r) => r.status)).toEqual(['completed']);
  expect(runs.filter((r) => r.fnId === 'herald-campaigns-dispatch').some((r) => r.status === 'completed')).toBe(true);
  expect(player.runs.filter((r) => r.status === 'failed').map((r) => ({ fn: r.fnId, error: r.error }))).toEqual([]);
  const [local] = await sql<{ n: number }>(database!.url, 'SELECT count(*)::int AS n FROM jobs');
  expect(local.n).toBe(0);
  expect(appLog).not.toMatch(/EROFS|read-only file system/i);
  // The server's log of the whole run holds no secret and no stack trace.
  const secrets: Record<string, string> = { NEXTAUTH_SECRET: AUTH_SECRET, INNGEST_SIGNING_KEY: signingKey.replace(/^signkey-\w+-/, ''), INNGEST_EVENT_KEY: eventKey, 'owner password': OWNER.password };
  expect(Object.entries(secrets).filter(([, value]) => appLog.includes(value)).map(([name]) => name)).toEqual([]);
  expect(appLog).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
});
