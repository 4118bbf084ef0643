/**
 * Which table answers a question over a range, and the SQL pieces to read it (Umami style):
 * - analytics_tenant_daily when analytics_daily would do and the question only needs tenant-wide counts by day,
 *   channel and event type (callers say so with `tenantTotals: true`); it has no campaign, template or contacts;
 * - analytics_daily when the range is whole UTC days and no bucket needs hours or another zone;
 * - analytics_hourly when the range is whole hours (every preset and widened custom range in UTC);
 * - analytics_events (raw) otherwise — a zone whose offset is not whole hours — or when a filter
 *   needs a raw column (label, outcome, step_index, workflow), which callers ask for with `raw: true`.
 * Rollups are read with aggregation only: sum(events), uniqMerge(contacts) (see 0002_analytics_rollups.sql).
 */
import { ensureClickHouse, queryRows } from '@/lib/clickhouse';
import { HttpError } from '@/lib/http/errors';
import { formatClickHouseDateTime64 } from '@/lib/analytics/events';
import { DAY_MS, HOUR_MS, wholeHourZone, type ResolvedRange } from '@/lib/analytics/range';
import type { Granularity } from '@/lib/analytics/buckets';

export type SourceKind = 'tenant_daily' | 'daily' | 'hourly' | 'raw';

export interface Source {
  kind: SourceKind;
  table: 'analytics_tenant_daily' | 'analytics_daily' | 'analytics_hourly' | 'analytics_events';
  /** The time column. */
  time: string;
  /** Number of events in a group. */
  events: string;
  /** Number of events in a group that meet a condition. */
  eventsIf: (condition: string) => string;
  /** Distinct contacts in a group (approximate `uniq`, exact for small sets). */
  contacts: string;
  /** Tenant and range condition; its params are in `params`. */
  where: string;
  params: Record<string, unknown>;
  timeZone: string;
}

export interface SourceNeeds {
  granularity?: Granularity;
  /** Buckets or hour-of-day in the range's zone. */
  localTime?: boolean;
  /** A raw column is filtered or grouped on. */
  raw?: boolean;
  /** Only counts by day, channel and event type over the whole tenant: no campaign, template or contacts. */
  tenantTotals?: boolean;
}

/** Daily sources keep calendar days in a `day` column rather than instants. */
export const isDaily = (src: Source) => src.kind === 'daily' || src.kind === 'tenant_daily';

const aligned = (r: ResolvedRange, unit: number) => r.start.getTime() % unit === 0 && r.end.getTime() % unit === 0;

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const ymdhms = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** The cheapest table that answers exactly. */
export function sourceKind(range: ResolvedRange, needs: SourceNeeds = {}): SourceKind {
  if (needs.raw) return 'raw';
  const zoned = needs.localTime && range.timeZone !== 'UTC';
  if (!zoned && needs.granularity !== 'hour' && aligned(range, DAY_MS)) return needs.tenantTotals ? 'tenant_daily' : 'daily';
  const hoursAreLocal = !zoned || wholeHourZone(range.timeZone, range.start.getTime(), range.end.getTime());
  return aligned(range, HOUR_MS) && hoursAreLocal ? 'hourly' : 'raw';
}

export function source(tenantId: string, range: ResolvedRange, needs: SourceNeeds = {}): Source {
  const kind = sourceKind(range, needs);
  const base = { tenant: tenantId, tz: range.timeZone };
  if (kind === 'tenant_daily') {
    return {
      kind, table: 'analytics_tenant_daily', time: 'day', events: 'sum(events)', eventsIf: (c) => `sumIf(events, ${c})`, timeZone: 'UTC',
      get contacts(): string {
        throw new Error('analytics_tenant_daily has no contacts; ask for a source without tenantTotals');
      },
      where: 'tenant_id = {tenant:String} AND day >= {start:Date} AND day < {end:Date}',
      params: { ...base, start: ymd(range.start), end: ymd(range.end) },
    };
  }
  if (kind === 'daily') {
    return {
      kind, table: 'analytics_daily', time: 'day', events: 'sum(events)', eventsIf: (c) => `sumIf(events, ${c})`, contacts: 'uniqMerge(contacts)', timeZone: 'UTC',
      where: 'tenant_id = {tenant:String} AND day >= {start:Date} AND day < {end:Date}',
      params: { ...base, start: ymd(range.start), end: ymd(range.end) },
    };
  }
  if (kind === 'hourly') {
    return {
      kind, table: 'analytics_hourly', time: 'hour', events: 'sum(events)', eventsIf: (c) => `sumIf(events, ${c})`, contacts: 'uniqMerge(contacts)', timeZone: range.timeZone,
      where: 'tenant_id = {tenant:String} AND hour >= {start:DateTime} AND hour < {end:DateTime}',
      params: { ...base, start: ymdhms(range.start), end: ymdhms(range.end) },
    };
  }
  return {
    kind, table: 'analytics_events', time: 'occurred_at', events: 'count()', eventsIf: (c) => `countIf(${c})`, contacts: 'uniqExact(contact_id)', timeZone: range.timeZone,
    where: 'tenant_id = {tenant:String} AND occurred_at >= {start:DateTime64(3)} AND occurred_at < {end:DateTime64(3)}',
    params: { ...base, start: formatClickHouseDateTime64(range.start), end: formatClickHouseDateTime64(range.end) },
  };
}

export interface Filters {
  eventTypes?: readonly string[];
  campaignId?: string;
  campaignIds?: readonly string[];
  channel?: string;
  templateId?: string;
  /** Only events that belong to some campaign. */
  inCampaign?: boolean;
}

/** The source's condition plus equality filters, every value a query parameter. */
export function where(src: Source, filters: Filters = {}): { sql: string; params: Record<string, unknown> } {
  const parts = [src.where];
  const params: Record<string, unknown> = { ...src.params };
  if (filters.eventTypes) {
    parts.push('event_type IN {eventTypes:Array(String)}');
    params.eventTypes = filters.eventTypes;
  }
  if (filters.campaignId !== undefined) {
    parts.push('campaign_id = {campaignId:String}');
    params.campaignId = filters.campaignId;
  }
  if (filters.campaignIds !== undefined) {
    parts.push('campaign_id IN {campaignIds:Array(String)}');
    params.campaignIds = filters.campaignIds;
  }
  if (filters.inCampaign) parts.push("ifNull(campaign_id, '') != ''");
  if (filters.channel !== undefined) {
    parts.push('channel = {channel:String}');
    params.channel = filters.channel;
  }
  if (filters.templateId !== undefined) {
    parts.push('template_id = {templateId:String}');
    params.templateId = filters.templateId;
  }
  return { sql: parts.join(' AND '), params };
}

/** SQL for the start of a time bucket, as Unix seconds, in the source's zone. */
export function bucketSql(src: Source, g: Granularity): string {
  if (isDaily(src)) {
    if (g === 'hour') throw new Error(`${src.table} has no hours`);
    const day = g === 'day' ? 'day' : g === 'week' ? 'toMonday(day)' : 'toStartOfMonth(day)';
    return `toUnixTimestamp(toDateTime(${day}, 'UTC'))`;
  }
  const local = `toTimeZone(${src.time}, {tz:String})`;
  if (g === 'hour') return `toUnixTimestamp(toStartOfHour(${local}))`;
  if (g === 'day') return `toUnixTimestamp(toStartOfDay(${local}))`;
  const date = g === 'week' ? `toMonday(${local})` : `toStartOfMonth(${local})`;
  return `toUnixTimestamp(toDateTime(${date}, {tz:String}))`;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** A network failure on the way to ClickHouse (not an error ClickHouse answered with). */
function unreachable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && /socket hang up|timeout/i.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err && unreachable(e.cause);
}

/**
 * Runs an analytics SELECT (migrations applied first, once per process). ClickHouse out of reach is a 503 with
 * Retry-After, not a 500: events keep arriving in the outbox meanwhile and the answers catch up once it is back.
 */
export async function select<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
  try {
    await ensureClickHouse();
    return await queryRows<T>(sql, params);
  } catch (err) {
    if (unreachable(err)) throw new HttpError(503, 'Analytics are unavailable for a moment: ClickHouse cannot be reached. Try again shortly.', undefined, { 'Retry-After': '5' });
    throw err;
  }
}

/** ClickHouse returns 64-bit integers as strings: every count goes through this. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
