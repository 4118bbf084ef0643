import { db } from '@/lib/db';
import { getClickHouse } from '@/lib/clickhouse';
import { jobsDriver } from '@/lib/jobs';
import { outboxBacklog } from '@/lib/analytics/outbox';

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

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** ClickHouse answers a ping in time; while it does not, events wait in the outbox, so the app stays up. */
async function clickhouseCheck(): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ success: false; error: Error }>((resolve) => {
    timer = setTimeout(() => resolve({ success: false, error: new Error(`no answer within ${CLICKHOUSE_PING_TIMEOUT_MS} ms`) }), CLICKHOUSE_PING_TIMEOUT_MS);
  });
  try {
    const ping = await Promise.race([getClickHouse().ping(), timeout]);
    return ping.success ? { ok: true, critical: false } : { ok: false, critical: false, detail: messageOf(ping.error) };
  } catch (err) {
    return { ok: false, critical: false, detail: messageOf(err) };
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
    return { ok: false, critical: false, detail: messageOf(err) };
  }
}

/** The database answers, the jobs driver is known, and analytics is shipping; `ok` needs every critical check. */
export async function healthStatus(): Promise<{ ok: boolean; degraded: boolean; checks: Record<string, HealthCheck> }> {
  const checks: Record<string, HealthCheck> = {};
  try {
    await db.$queryRaw`SELECT 1`;
    checks.database = { ok: true };
  } catch (err) {
    checks.database = { ok: false, detail: (err as Error).message };
  }
  checks.jobs = { ok: true, driver: jobsDriver().name };
  [checks.clickhouse, checks.analyticsOutbox] = await Promise.all([clickhouseCheck(), outboxCheck()]);
  const list = Object.values(checks);
  return { ok: list.every((c) => c.ok || c.critical === false), degraded: list.some((c) => !c.ok), checks };
}
