import { db } from '@/lib/db';
import { getClickHouse } from '@/lib/clickhouse';
import { jobsDriver } from '@/lib/jobs';
import { env, isServerless, serverlessProblems } from '@/lib/env';
import { outboxBacklog } from '@/lib/analytics/outbox';
import { logError } from '@/lib/log';

export interface HealthCheck {
  ok: boolean;
  detail?: string;
  /** A failed non-critical check marks the app degraded, not down (default: critical). */
  critical?: boolean;
  [key: string]: unknown;
}

const CLICKHOUSE_PING_TIMEOUT_MS = 2_000;
/** Events should reach ClickHouse within seconds; an outbox older than this means shipping is stuck. */
export const OUTBOX_LAG_ALERT_SECONDS = 60;

/** How a failure shows in the public health answer: its kind only. Driver messages name hosts, users and databases. */
const KINDS: [RegExp, string][] = [
  [/ECONNREFUSED|connection refused/i, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo/i, 'host not found'],
  [/ETIMEDOUT|timed? ?out|no answer within/i, 'no answer in time'],
  [/ECONNRESET|socket hang up|terminated unexpectedly|closed the connection/i, 'connection dropped'],
  [/password|authenticat|permission denied|not authorized|401|403/i, 'credentials refused'],
  [/does not exist|unknown database|P1003/i, 'database missing'],
  [/certificate|SSL|TLS/i, 'TLS failed'],
];

/** The failure's kind for the answer; its whole message goes to the server log (redacted, once a minute per check). */
function messageOf(err: unknown, check: string): string {
  const text = err instanceof Error ? `${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}` : String(err);
  const now = Date.now();
  if (text !== lastLogged.get(check)?.text || now - lastLogged.get(check)!.at > 60_000) {
    lastLogged.set(check, { text, at: now });
    logError(`[health] ${check} check failed: ${text}`);
  }
  return `${KINDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unavailable'} (details in the server log)`;
}
const lastLogged = new Map<string, { text: string; at: number }>();

/** ClickHouse answers a ping in time; while it does not, events wait in the outbox, so the app stays up. */
async function clickhouseCheck(): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ success: false; error: Error }>((resolve) => {
    timer = setTimeout(() => resolve({ success: false, error: new Error(`no answer within ${CLICKHOUSE_PING_TIMEOUT_MS} ms`) }), CLICKHOUSE_PING_TIMEOUT_MS);
  });
  try {
    const ping = await Promise.race([getClickHouse().ping(), timeout]);
    return ping.success ? { ok: true, critical: false } : { ok: false, critical: false, detail: messageOf(ping.error, 'clickhouse') };
  } catch (err) {
    return { ok: false, critical: false, detail: messageOf(err, 'clickhouse') };
  } finally {
    clearTimeout(timer);
  }
}

/** How many events wait to be shipped to ClickHouse, and for how long the oldest has waited. */
async function outboxCheck(): Promise<HealthCheck> {
  try {
    const b = await outboxBacklog();
    const ok = b.oldestAgeSeconds <= OUTBOX_LAG_ALERT_SECONDS;
    return { ok, critical: false, ...b, ...(ok ? {} : { detail: `oldest unshipped event is ${b.oldestAgeSeconds} s old` }) };
  } catch (err) {
    return { ok: false, critical: false, detail: messageOf(err, 'analyticsOutbox') };
  }
}

/** On a serverless deployment, every managed service is configured (start-up refuses otherwise; this says which). */
function configurationCheck(): HealthCheck {
  const e = env();
  const mode = isServerless(e) ? 'serverless' : 'server';
  const problems = isServerless(e) ? serverlessProblems(e) : [];
  return problems.length ? { ok: false, mode, detail: `missing ${problems.map((p) => p.split(':')[0]).join(', ')}` } : { ok: true, mode };
}

/** A job due this long ago and still waiting means nothing is working the queue. */
export const JOB_WAIT_ALERT_SECONDS = 120;

/** Which driver runs jobs, and on the local queue whether anything is taking them. */
async function jobsCheck(): Promise<HealthCheck> {
  const driver = jobsDriver().name;
  if (driver === 'inngest') return { ok: true, critical: false, driver };
  try {
    const [row] = await db.$queryRaw<{ waited: number | null }[]>`
      SELECT EXTRACT(EPOCH FROM now() - min(run_at))::float8 AS waited FROM jobs WHERE status = 'queued' AND run_at <= now()`;
    const waited = Math.round(row?.waited ?? 0);
    const ok = waited <= JOB_WAIT_ALERT_SECONDS;
    return { ok, critical: false, driver, oldestDueJobSeconds: waited, ...(ok ? {} : { detail: `no worker is taking jobs: the oldest due job has waited ${waited} s` }) };
  } catch (err) {
    return { ok: false, critical: false, driver, detail: messageOf(err, 'jobs') };
  }
}

/** The database answers, the configuration is complete, jobs and analytics move; `ok` needs every critical check. */
export async function healthStatus(): Promise<{ ok: boolean; degraded: boolean; reasons?: string[]; checks: Record<string, HealthCheck> }> {
  const checks: Record<string, HealthCheck> = {};
  try {
    await db.$queryRaw`SELECT 1`;
    checks.database = { ok: true };
  } catch (err) {
    checks.database = { ok: false, detail: messageOf(err, 'database') };
  }
  checks.configuration = configurationCheck();
  [checks.jobs, checks.clickhouse, checks.analyticsOutbox] = await Promise.all([jobsCheck(), clickhouseCheck(), outboxCheck()]);
  const list = Object.entries(checks);
  const degraded = list.filter(([, c]) => !c.ok).map(([name, c]) => `${name}: ${c.detail ?? 'failing'}`);
  return { ok: list.every(([, c]) => c.ok || c.critical === false), degraded: degraded.length > 0, ...(degraded.length ? { reasons: degraded } : {}), checks };
}
