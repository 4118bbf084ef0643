import { getClickHouse, queryRows } from '@/lib/clickhouse';
import { GET } from '@/app/api/v1/analytics/overview/route';
import { messageCounts } from '@/lib/analytics/queries/message-counts';
import { ROLLUP_VIEWS } from '@/lib/analytics/events';
import { autoGranularity } from '@/lib/analytics/buckets';
import { presetRange, previousRange } from '@/lib/analytics/range';
import { apiGetter, benchWorkspace } from '../fixtures';
import { emptyAnalytics } from '../analytics';
import { noteAnalyticsChanged } from '@/lib/analytics/answer-cache';
import { percentile, round, timeInterleaved, type Scenario, type ScenarioResult } from '../harness';

const TENANTS = 20;

/** How many events ClickHouse holds now, so a larger scenario tops up what a smaller one generated. */
async function eventCount(): Promise<number> {
  const [r] = await queryRows<{ n: string }>('SELECT count() AS n FROM analytics_events');
  return Number(r.n);
}


/**
 * Events numbered from `from` to `to` generated engine-side (INSERT … SELECT FROM numbers), spread over 20 tenants
 * (the bench workspace is tenant 0) and 180 days. Why the views are detached meanwhile: on chDB here they cost four
 * times the raw insert (an hourly uniq state per group), which would make 100M events take most of an hour. The
 * tenant rollup the overview reads is then rebuilt from all raw events in one aggregate pass, so it holds exactly what
 * the view would; the campaign rollups are left empty, as no question measured here reads them.
 */
async function generateEvents(tenantId: string, from: number, to: number): Promise<void> {
  const client = getClickHouse();
  for (const view of ROLLUP_VIEWS) await client.command({ query: `DETACH TABLE ${view}` });
  try {
    await client.command({
      query: `INSERT INTO analytics_events (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, source_type, campaign_id, template_id, metadata, occurred_at)
        SELECT generateUUIDv4(number), if(number % ${TENANTS} = 0, {tenant:String}, concat('bench-tenant-', toString(number % ${TENANTS}))),
          ['message_sent','message_sent','message_delivered','message_delivered','message_opened','message_clicked','message_bounced'][1 + cityHash64(number) % 7],
          'message', toString(number), ['email','email','sms','whatsapp','push'][1 + ci % 5], toString(cityHash64(number, 2) % 100000),
          'campaign', concat('campaign-', toString(ci)), concat('template-', toString((ci * 2 + cityHash64(number, 4) % 2) % 30)), '{}',
          now64(3) - toIntervalSecond(cityHash64(number, 5) % (180 * 86400))
        -- Each campaign sends on one channel with one of two templates, as campaigns do.
        FROM (SELECT number, cityHash64(number, 3) % 50 AS ci FROM numbers({from:UInt64}, {n:UInt64}))`,
      query_params: { tenant: tenantId, from, n: to - from },
      clickhouse_settings: { async_insert: 0, insert_deduplicate: 0, insert_deduplication_token: '', max_insert_threads: '2' },
    });
    await client.command({ query: 'TRUNCATE TABLE analytics_tenant_daily' });
    await client.command({
      query: `INSERT INTO analytics_tenant_daily SELECT tenant_id, toDate(occurred_at) AS day, channel, event_type, count() AS events
        FROM analytics_events GROUP BY tenant_id, day, channel, event_type`,
      clickhouse_settings: { async_insert: 0, insert_deduplicate: 0, insert_deduplication_token: '' },
    });
  } finally {
    for (const view of ROLLUP_VIEWS) await client.command({ query: `ATTACH TABLE ${view}` });
  }
}

/**
 * Waits (up to a minute) for the background merges a bulk load starts, so latencies are those of settled tables
 * rather than of queries competing with a one-off rewrite of millions of fresh rows for the two cores.
 */
async function settleMerges(): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 60_000) {
    const [m] = await queryRows<{ n: string }>('SELECT count() AS n FROM system.merges WHERE database = currentDatabase()');
    if (Number(m.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return (performance.now() - t0) / 1000;
}

let tenant: { id: string } | null = null;
/** Events this module generated into the store: a larger scenario tops them up only while the store holds exactly them. */
let generated = 0;

/**
 * The overview API (30 days against the 30 before, by channel and day) through its route handler, against the same
 * grouped question asked of raw events without the route around it.
 */
async function measureOverview(events: number, runs: number, goalMs: number, needRatio: boolean): Promise<ScenarioResult> {
  // Other scenarios run in between (and empty the store or add events of their own): start again unless nothing did.
  if (!tenant || (await eventCount()) !== generated || generated > events) {
    await emptyAnalytics();
    tenant = await benchWorkspace('overview');
    generated = 0;
  }
  const t0 = performance.now();
  if (generated < events) await generateEvents(tenant.id, generated, events);
  generated = events;
  // Events generated engine-side bypass the flusher, so the bench notes the change as any such writer must.
  await noteAnalyticsChanged([tenant.id]);
  const generateS = (performance.now() - t0) / 1000;
  const settleS = await settleMerges();

  const get = await apiGetter(tenant.id);
  const api = () => get<{ data: { summary: { totalMessagesSent: number } } }>(GET, '/api/v1/analytics/overview?timeRange=30d');
  const range = presetRange('30d', new Date());
  const question = (needs: { raw?: boolean }) => () =>
    messageCounts(tenant!.id, { ...range, start: previousRange(range).start }, { by: 'channel', bucket: autoGranularity(range), splitAt: range.start }, {}, needs);
  const raw = question({ raw: true });
  const [answer, rawRows] = await Promise.all([api(), raw()]);
  const rawSent = rawRows.filter((r) => !r.before).reduce((s, r) => s + r.counts.sent, 0);
  if (answer.data.summary.totalMessagesSent !== rawSent) throw new Error(`overview says ${answer.data.summary.totalMessagesSent} sent, raw events ${rawSent}`);

  // q: the same query from the rollup without the route around it, what the engine takes apart from auth and JSON.
  const { a, r, q } = await timeInterleaved({ a: api, r: raw, q: question({}) }, runs);
  // The route right after a batch of the tenant's events landed, when its cached answer has just been retired.
  const retired: number[] = [];
  for (let i = 0; i < runs; i++) {
    await noteAnalyticsChanged([tenant.id]);
    const t = performance.now();
    await api();
    retired.push(performance.now() - t);
  }
  const p95 = percentile(a, 95);
  const ratio = percentile(r, 50) / percentile(a, 50);
  return {
    herald: round(p95),
    baseline: round(percentile(r, 95)),
    unit: 'ms p95',
    ratio: round(ratio, 2),
    goal: needRatio ? `p95 ≤ ${goalMs} ms; rollup ≥ 3× raw` : `p95 ≤ ${goalMs} ms`,
    met: p95 <= goalMs && (!needRatio || ratio >= 3),
    notes: `${events.toLocaleString('en-US')} events (${TENANTS} tenants, ${round(generateS)} s to generate, ${round(settleS)} s for merges to settle); p50 API ${round(percentile(a, 50))} ms while the tenant's events stand, ${round(percentile(retired, 50))} ms (p95 ${round(percentile(retired, 95))} ms) right after a batch landed (its rollup query alone ${round(percentile(q, 50))} ms) vs raw query ${round(percentile(r, 50))} ms (engine to engine ${round(percentile(r, 50) / percentile(q, 50), 2)}×; the ratio column compares the whole route with the bare raw query); ${rawSent.toLocaleString('en-US')} sent in the tenant's last 30 days`,
  };
}

export const overview: Scenario = {
  name: 'overview',
  run: ({ quick }) => measureOverview(quick ? 500_000 : 10_000_000, quick ? 15 : 40, 50, true),
};

export const overviewAtScale: Scenario = {
  name: 'overview at scale',
  async run({ quick }) {
    try {
      return await measureOverview(quick ? 2_000_000 : 100_000_000, quick ? 10 : 30, 150, false);
    } finally {
      // chDB merges 100M fresh rows in this process for minutes; left behind, they would load the scenarios after it.
      await emptyAnalytics();
      tenant = null;
      generated = 0;
    }
  },
};
