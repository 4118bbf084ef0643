/**
 * Message event counts from the rollups in one query, grouped by one id column (channel, campaign, template)
 * and/or a time bucket: the building block of the overview, messages, campaigns, templates and funnel questions.
 * One grouped query per answer, folded in memory, because each ClickHouse round trip costs more than the rows.
 */
import { MESSAGE_EVENTS, MESSAGE_EVENT_TYPES, emptyCounts, type MessageCounts } from '@/lib/analytics/rates';
import { bucketSql, isDaily, num, select, source, where, type Filters, type Source, type SourceNeeds } from '@/lib/analytics/source';
import { formatClickHouseDateTime64 } from '@/lib/analytics/events';
import { fillSeries, type Granularity } from '@/lib/analytics/buckets';
import { isoSeconds, type ResolvedRange } from '@/lib/analytics/range';

export type KeyColumn = 'channel' | 'campaign_id' | 'template_id';

export interface CountRow {
  /** Bucket start in ms (0 without buckets). */
  bucket: number;
  /** The key column's value ('' without one). */
  key: string;
  /** Before `splitAt` (the previous period of a two-period query). */
  before: boolean;
  counts: MessageCounts;
}

export async function messageCounts(
  tenantId: string,
  range: ResolvedRange,
  group: { by?: KeyColumn; bucket?: Granularity; splitAt?: Date } = {},
  filters: Filters = {},
  needs: SourceNeeds = {},
): Promise<CountRow[]> {
  // Counts over the whole tenant (none or by channel, no campaign or template filter) fit the tenant-wide rollup.
  const tenantTotals = (group.by === undefined || group.by === 'channel') && filters.campaignId === undefined && filters.campaignIds === undefined && filters.templateId === undefined && !filters.inCampaign;
  const src = source(tenantId, range, { tenantTotals, ...needs, granularity: group.bucket });
  const w = where(src, { eventTypes: MESSAGE_EVENT_TYPES, ...filters });
  const idColumn = group.by === 'campaign_id' || group.by === 'template_id';
  // The raw table holds NULL where the rollups hold '' for a missing campaign or template.
  const key = !group.by ? "''" : src.kind === 'raw' && idColumn ? `ifNull(${group.by}, '')` : group.by;
  const bucket = group.bucket ? bucketSql(src, group.bucket) : '0';
  const split = group.splitAt ? splitSql(src, group.splitAt, w.params) : '0';
  // One column per event type, so a group is one row: result rows cost more than the columns in them.
  const columns = Object.entries(MESSAGE_EVENTS).map(([name, type]) => `${src.eventsIf(`event_type = '${type}'`)} AS ${name}`);
  const rows = await select<{ b: number | string; k: string; p: number } & Record<keyof MessageCounts, string>>(
    `SELECT ${bucket} AS b, ${key} AS k, ${split} AS p, ${columns.join(', ')} FROM ${src.table} WHERE ${w.sql}${idColumn ? ` AND ${key} != ''` : ''} GROUP BY b, k, p`,
    w.params,
  );
  return rows.map((r) => {
    const counts = emptyCounts();
    for (const name of Object.keys(counts) as (keyof MessageCounts)[]) counts[name] = num(r[name]);
    return { bucket: num(r.b) * 1000, key: String(r.k), before: num(r.p) === 1, counts };
  });
}

/** SQL that is 1 for rows before `at` (a bucket boundary of the source), with its parameter added to `params`. */
function splitSql(src: Source, at: Date, params: Record<string, unknown>): string {
  if (isDaily(src)) {
    params.split = at.toISOString().slice(0, 10);
    return '(day < {split:Date})';
  }
  params.split = formatClickHouseDateTime64(at);
  return `(${src.time} < {split:DateTime64(3)})`;
}

/** Adds up the counts of rows that share `keyOf`. */
export function fold<K>(rows: Iterable<CountRow>, keyOf: (r: CountRow) => K): Map<K, MessageCounts> {
  const out = new Map<K, MessageCounts>();
  for (const r of rows) {
    const k = keyOf(r);
    const c = out.get(k) ?? out.set(k, emptyCounts()).get(k)!;
    for (const f of Object.keys(c) as (keyof MessageCounts)[]) c[f] += r.counts[f];
  }
  return out;
}

/** All rows added up. */
export const total = (rows: Iterable<CountRow>) => fold(rows, () => 0).get(0) ?? emptyCounts();

/** One point per bucket of the range, empty buckets included: the series every message question charts. */
export function countSeries(range: ResolvedRange, granularity: Granularity, rows: Iterable<CountRow>) {
  return fillSeries(range, granularity, 'UTC', fold(rows, (r) => r.bucket), emptyCounts).map(({ at, row }) => ({
    timestamp: isoSeconds(at),
    sent: row.sent,
    delivered: row.delivered,
    opened: row.opened,
    clicked: row.clicked,
    bounced: row.bounced,
  }));
}
