import { getClickHouse, queryRows } from '@/lib/clickhouse';
import { emptyAnalytics } from '../analytics';
import { percentile, round, timeRuns, type Scenario } from '../harness';

const TENANT = 'bench-tenant-0';

/** The overview question (sent / delivered / opened / clicked per day and channel over 30 days) from the daily rollup vs raw events. */
export const overviewRollup: Scenario = {
  name: 'overview (rollup vs raw)',
  async run({ quick }) {
    const events = quick ? 500_000 : 10_000_000;
    await emptyAnalytics();
    const client = getClickHouse();
    // 20 tenants over 180 days; the benchmark tenant holds a twentieth of the rows.
    await client.command({
      query: `INSERT INTO analytics_events (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, source_type, campaign_id, template_id, metadata, occurred_at)
        SELECT generateUUIDv4(number), concat('bench-tenant-', toString(number % 20)),
          ['message_sent','message_sent','message_delivered','message_delivered','message_opened','message_clicked','message_bounced'][1 + cityHash64(number) % 7],
          'message', toString(number), ['email','sms','whatsapp','push'][1 + cityHash64(number, 1) % 4], toString(cityHash64(number, 2) % 100000),
          'campaign', toString(cityHash64(number, 3) % 50), toString(cityHash64(number, 4) % 12), '{}',
          now64(3) - toIntervalSecond(cityHash64(number, 5) % (180 * 86400))
        FROM numbers({n:UInt64})`,
      query_params: { n: events },
      clickhouse_settings: { async_insert: 0, insert_deduplicate: 1, insert_deduplication_token: '', max_insert_threads: '2' },
    });
    const where = `tenant_id = {t:String} AND event_type IN ('message_sent','message_delivered','message_opened','message_clicked')`;
    const rollup = () =>
      queryRows(`SELECT day, channel, event_type, sum(events) AS n FROM analytics_daily WHERE ${where} AND day >= today() - 30 GROUP BY day, channel, event_type`, { t: TENANT });
    const raw = () =>
      queryRows(`SELECT toDate(occurred_at) AS day, channel, event_type, count() AS n FROM analytics_events WHERE ${where} AND occurred_at >= today() - 30 GROUP BY day, channel, event_type`, { t: TENANT });
    const [a, b] = await Promise.all([rollup(), raw()]);
    const total = (rows: Record<string, unknown>[]) => rows.reduce((s, r) => s + Number(r.n), 0);
    if (total(a) !== total(b)) throw new Error(`rollup ${total(a)} disagrees with raw ${total(b)}`);
    const runs = quick ? 15 : 40;
    const r = await timeRuns(rollup, runs);
    const w = await timeRuns(raw, runs);
    const heraldP95 = percentile(r, 95);
    const ratio = percentile(w, 50) / percentile(r, 50);
    return {
      herald: round(heraldP95),
      baseline: round(percentile(w, 95)),
      unit: 'ms p95',
      ratio: round(ratio, 2),
      goal: 'p95 ≤ 50 ms; rollup ≥ 3× raw',
      met: heraldP95 <= 50 && ratio >= 3,
      notes: `${events.toLocaleString('en-US')} events; p50 rollup ${round(percentile(r, 50))} ms vs raw ${round(percentile(w, 50))} ms (engine query, not yet over HTTP)`,
    };
  },
};
