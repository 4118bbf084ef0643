/**
 * The production server SIGKILLed mid-dispatch and started again, as an operator's crash would: `next start` as a child
 * process with its in-process worker, real PostgreSQL, a real SMTP server and ClickHouse over HTTP. Afterwards the SMTP
 * server, PostgreSQL, ClickHouse's raw events and its three rollups agree, no message arrived twice (the default
 * policy marks the few in flight "uncertain" instead of resending them), and sending resumed within seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { spawnChdbHttpServer } from '../tests/support/chdb-http-server';
import { startSmtpServer, type SmtpSink } from '../tests/support/smtp-server';
import { ROOT, deploymentDatabase, oneEmailCampaign, send, signInAs, sql as sqlAt, waitForHealth } from './production-server';

const PORT = Number(process.env.CRASH_PORT ?? 3151);
const BASE = `http://127.0.0.1:${PORT}`;
const OWNER = { email: 'owner@crash.example', name: 'Casey Crash', password: 'crash-journey-2026' };
const RECIPIENTS = 600;
/** Dispatch's send lanes: at most this many messages can be on the wire, hence in doubt, when the process dies. */
const IN_FLIGHT_WINDOW = 16;
const CH_DATABASE = 'herald_crash';

const server = process.env.TEST_DATABASE_URL;
test.skip(!server, 'needs TEST_DATABASE_URL (a PostgreSQL server) for a database the restarted server finds again');

let database: Awaited<ReturnType<typeof deploymentDatabase>> | undefined;
let app: ChildProcess | undefined;
let appLog = '';
let smtp: SmtpSink;
let clickhouse: Awaited<ReturnType<typeof spawnChdbHttpServer>>;
let env: NodeJS.ProcessEnv = { ...process.env };

const sql = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => sqlAt<T>(database!.url, text, params);

async function clickhouseCount(query: string): Promise<number> {
  const res = await fetch(`${clickhouse.url}/?database=${CH_DATABASE}&default_format=TabSeparated`, { method: 'POST', body: query });
  const text = await res.text();
  if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${text}`);
  return Number(text.trim() || 0);
}

/** `next start` in a process group of its own, so SIGKILL takes the whole server down at once. */
function startApp(): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--port', String(PORT), '--hostname', '127.0.0.1'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (appLog += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (appLog += c.toString('utf8')));
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, signal);
  await exited;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await deploymentDatabase(server!, 'herald_e2e_crash', { name: 'Crash Co', slug: 'crash' }, OWNER);
  // Each message waits 25 ms at the server before it is accepted, so 600 take seconds and a kill lands mid-conversation.
  [smtp, clickhouse] = await Promise.all([startSmtpServer({ delayMs: 25 }), spawnChdbHttpServer()]);
  env = {
    ...database.env,
    NODE_ENV: 'production',
    NEXTAUTH_SECRET: 'crash-journey-secret-crash-journey-secret',
    NEXTAUTH_URL: BASE,
    CLICKHOUSE_URL: clickhouse.url,
    CLICKHOUSE_DATABASE: CH_DATABASE,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Crash Co <news@crash.example>',
  };
  app = startApp();
  await waitForHealth(BASE, app, () => appLog, 60_000);
});

test.afterAll(async () => {
  if (app) await kill(app, 'SIGTERM');
  await Promise.all([smtp?.close(), clickhouse?.close()]);
  await database?.drop();
});

test('SIGKILL of the production server mid-dispatch: after a restart sending resumes, nothing arrives twice, and SMTP, PostgreSQL, ClickHouse and its rollups agree', async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, BASE, OWNER);
  const api = page.request;

  const contacts = Array.from({ length: RECIPIENTS }, (_, i) => ({ email: `reader.${i}@crash.example`, firstName: `Reader${i}`, marketingOptIn: true }));
  await send(api, BASE, '/api/v1/contacts', { contacts });
  const campaign = await oneEmailCampaign(api, BASE, { domain: 'crash.example', label: 'Crash', subject: 'Hello through a crash' });
  await send(api, BASE, `/api/campaigns/${campaign.id}/status`, { status: 'active' }, 'put');

  // SIGKILL once 250 have arrived (mid-way through a claimed batch): whatever the server was doing (mid-conversation with SMTP, mid-flush) dies with it.
  await expect.poll(() => smtp.arrivals.length, { timeout: 60_000, intervals: [10] }).toBeGreaterThanOrEqual(250);
  await kill(app!, 'SIGKILL');
  const killedAt = Date.now();
  const arrivedBeforeKill = smtp.arrivals.length;
  await new Promise((r) => setTimeout(r, 300)); // data the SMTP server already took may still be landing
  const inFlight = await sql<{ id: string }>(`SELECT id::text AS id FROM messages WHERE campaign_id = $1 AND status = 'sending'`, [campaign.id]);
  expect(inFlight.length).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);

  // Start again, as a process manager would; the dead process's leases lapse and its work is taken up.
  const arrivalsAtRestart = smtp.arrivals.length;
  app = startApp();
  await waitForHealth(BASE, app, () => appLog, 60_000);
  const healthyAt = Date.now();
  await expect.poll(() => smtp.arrivals.length, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(arrivalsAtRestart);
  const resumedAfterS = (smtp.arrivals[arrivalsAtRestart]!.at - healthyAt) / 1000;
  await expect.poll(async () => (await sql<{ status: string }>('SELECT status::text FROM campaigns WHERE id = $1', [campaign.id]))[0]?.status, { timeout: 90_000 }).toBe('completed');

  // PostgreSQL: every recipient has one message; the ones in flight at the kill are uncertain, the rest sent.
  const messages = await sql<{ id: string; status: string }>('SELECT id::text AS id, status::text FROM messages WHERE campaign_id = $1', [campaign.id]);
  expect(messages).toHaveLength(RECIPIENTS);
  const uncertain = messages.filter((m) => m.status === 'uncertain').map((m) => m.id).sort();
  expect(uncertain).toEqual(inFlight.map((m) => m.id).sort());
  const sent = messages.filter((m) => m.status === 'sent');
  expect(sent).toHaveLength(RECIPIENTS - uncertain.length);

  // SMTP: nothing arrived twice; every message recorded sent arrived once.
  const arrivals = new Map<string, number>();
  for (const a of smtp.arrivals) arrivals.set(a.messageId, (arrivals.get(a.messageId) ?? 0) + 1);
  expect([...arrivals.entries()].filter(([, n]) => n > 1)).toEqual([]);
  for (const m of sent) expect(arrivals.get(m.id), m.id).toBe(1);

  // ClickHouse: one message_sent per sent message in the raw events and in each rollup, once the outbox has shipped.
  const tenantOf = await sql<{ workspace_id: string }>('SELECT workspace_id::text FROM campaigns WHERE id = $1', [campaign.id]);
  const where = `tenant_id = '${tenantOf[0]!.workspace_id}' AND event_type = 'message_sent'`;
  const counts = async () => ({
    raw: await clickhouseCount(`SELECT count() FROM analytics_events WHERE ${where} AND campaign_id = '${campaign.id}'`),
    hourly: await clickhouseCount(`SELECT sum(events) FROM analytics_hourly WHERE ${where} AND campaign_id = '${campaign.id}'`),
    daily: await clickhouseCount(`SELECT sum(events) FROM analytics_daily WHERE ${where} AND campaign_id = '${campaign.id}'`),
    tenantDaily: await clickhouseCount(`SELECT sum(events) FROM analytics_tenant_daily WHERE ${where}`),
  });
  await expect.poll(counts, { timeout: 60_000 }).toEqual({ raw: sent.length, hourly: sent.length, daily: sent.length, tenantDaily: sent.length });

  console.log(
    `crash journey: ${arrivedBeforeKill} of ${RECIPIENTS} arrived before the SIGKILL, ${inFlight.length} in flight (uncertain, not resent), ` +
      `healthy again ${((healthyAt - killedAt) / 1000).toFixed(1)} s after the kill, first new arrival ${resumedAfterS.toFixed(1)} s after that, ` +
      `${sent.length} sent = SMTP = ClickHouse raw = rollups, 0 duplicates`,
  );
  // Sending resumes within seconds of the restart: the dead process's job and recipient leases are short.
  expect(resumedAfterS).toBeLessThanOrEqual(10);
});
