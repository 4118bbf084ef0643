#!/usr/bin/env node
// Starts `npm run dev` with whatever environment it is given, signs in as the demo admin in Chromium and
// checks the overview. Reports how long the cold start took. Exit code 0 on success.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const port = Number(process.env.SMOKE_PORT ?? 3200);
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const server = spawn('npm', ['run', 'dev', '--', '--hostname', '127.0.0.1'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
/** Seconds since start at which the dev server printed its "Ready" line: what precedes it is setup and seeding. */
let readyAt = null;
const since = (t = Date.now()) => ((t - started) / 1000).toFixed(1);
const collect = (d) => {
  output += d;
  if (readyAt === null && /Ready in/.test(output)) readyAt = since();
};
server.stdout.on('data', collect);
server.stderr.on('data', collect);

const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};

async function waitForServer(deadline) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/sign-in`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('server did not answer in time');
}

let browser;
try {
  await waitForServer(Date.now() + 300_000);
  const firstPage = ((Date.now() - started) / 1000).toFixed(1);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const page = await browser.newPage();
  const signIn = async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email').fill('admin@herald.test');
    await page.getByLabel('Password').fill('herald-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 90_000 });
  };
  // A cold dev server compiles the overview on first request; on a loaded machine that can outlast one attempt.
  await signIn().catch(async (err) => {
    console.log(`smoke: first sign-in attempt did not leave /sign-in (${err.message.split('\n')[0]}); trying once more`);
    await signIn();
  });
  await page.getByRole('heading', { name: 'Overview' }).waitFor({ timeout: 240_000 });
  const text = await page.getByTestId('kpi-contacts').textContent();
  if (!text?.includes('3,000')) throw new Error(`overview shows unexpected contacts: ${text}`);
  const overview = since();
  // A warm page: the overview again, once compiled, until its figures are on screen.
  const warmStart = Date.now();
  // Timed to the figures on screen, not to the load event (in dev that waits for every unminified script).
  await page.reload({ waitUntil: 'commit' });
  await page.getByTestId('kpi-contacts').filter({ hasText: '3,000' }).waitFor({ timeout: 60_000 });
  const warm = ((Date.now() - warmStart) / 1000).toFixed(2);
  console.log(`smoke: ok (cold npm run dev: server ready ${readyAt ?? '?'} s, sign-in page ${firstPage} s, signed in to overview ${overview} s; warm overview with figures ${warm} s)`);
  // SMOKE_VERBOSE=1 shows the dev server's own timing of each request (compile, proxy, application code).
  if (process.env.SMOKE_VERBOSE) console.log(output.split('\n').filter((l) => /^\s*(GET|POST) /.test(l)).join('\n'));
  await browser.close();
  stop();
  process.exit(0);
} catch (err) {
  console.error('smoke: FAILED', err.message);
  console.error(output.slice(-4000));
  await browser?.close().catch(() => {});
  stop();
  process.exit(1);
}
