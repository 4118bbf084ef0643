import { ensureClickHouse, getClickHouse, queryRows } from '@/lib/clickhouse';
import type { AnalyticsEventInput } from '@/lib/analytics/events';

const ANALYTICS_TABLES = ['analytics_events', 'analytics_hourly', 'analytics_daily', 'analytics_tenant_daily'];

/** Empties the raw table and its rollups, so each run inserts into the same starting state. */
export async function emptyAnalytics(): Promise<void> {
  await ensureClickHouse();
  for (const t of ANALYTICS_TABLES) await getClickHouse().command({ query: `TRUNCATE TABLE ${t}` });
}

/** Events of one tenant in ClickHouse: rows, and distinct ids (equal when each landed once). */
export async function landedEvents(tenantId: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await queryRows<{ rows: string; distinct: string }>(
    'SELECT count() AS rows, uniqExact(id) AS distinct FROM analytics_events WHERE tenant_id = {t:String}',
    { t: tenantId },
  );
  return { rows: Number(r.rows), distinct: Number(r.distinct) };
}

/** The i-th event of a run: a realistic mix of channels and types, spread over two months, no id of its own. */
export function benchEvent(i: number, tag: string): Omit<AnalyticsEventInput, 'tenantId'> {
  return {
    eventType: (['message_sent', 'message_delivered', 'message_opened', 'call_ended'] as const)[i % 4],
    entityType: 'message',
    entityId: `${tag}-${i}`,
    channel: (['email', 'sms', 'voice'] as const)[i % 3],
    contactId: `c${i % 5000}`,
    sourceType: 'campaign',
    campaignId: `camp${i % 20}`,
    templateId: `tpl${i % 7}`,
    metadata: { i, tag },
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 25_000).toISOString(),
    ...(i % 4 === 3 ? { outcome: 'completed' as const, durationSeconds: i % 300 } : {}),
  };
}
