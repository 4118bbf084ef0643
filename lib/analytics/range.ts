/**
 * Date ranges of the analytics API: a preset (`timeRange=1d|7d|30d|90d`) or a custom `startDate`/`endDate`
 * (ISO 8601 date or date-time), with an optional IANA zone `tz` where the question is about local time.
 *
 * Every range is half-open, [start, end):
 * - `1d` is the last 24 whole hours, ending with the end of the current hour;
 * - `Nd` is the last N calendar days in the zone, today included (so it ends at the zone's next midnight);
 * - a custom date-only `endDate` includes that whole day; custom date-times are widened to whole hours when the
 *   zone's offset is whole hours, so the hourly rollup can answer them exactly.
 */
import { z } from 'zod';
import { utcToWallClock, wallClockToUtc } from '@/lib/campaigns/zoned-time';
import { canonicalTimeZone } from '@/lib/time-zones';

export const TIME_RANGES = ['1d', '7d', '30d', '90d'] as const;
export type TimeRangePreset = (typeof TIME_RANGES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Two years, one leap day included: the retention of analytics_events (its TTL). */
export const MAX_RANGE_DAYS = 731;
/** ClickHouse's DateTime covers 1970 to 2106; a range outside it cannot be asked for. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2106, 0, 1);

export interface ResolvedRange {
  preset: TimeRangePreset | 'custom';
  start: Date;
  /** Exclusive. */
  end: Date;
  timeZone: string;
}

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const dateInput = z
  .string()
  .trim()
  .refine((v) => isoDate.safeParse(v).success || isoDateTime.safeParse(v).success, 'Expected an ISO 8601 date (2026-01-31) or date-time (2026-01-31T10:00:00Z)');

const PROPERLY_CASED_ZONE = /^[A-Z][A-Za-z_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/;

/** The zone as asked when it is a properly spelled alias (ICU would turn Asia/Kolkata into Asia/Calcutta), else ICU's name. */
function zoneName(v: string): string {
  const canonical = canonicalTimeZone(v) as string;
  return canonical.toLowerCase() !== v.toLowerCase() && PROPERLY_CASED_ZONE.test(v) ? v : canonical;
}

const zoneInput = z
  .string()
  .trim()
  .refine((v) => canonicalTimeZone(v) !== null, 'Unknown time zone: expected an IANA name such as Europe/London')
  .transform(zoneName);

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

/** Local midnight (in `timeZone`) of the day `instant` falls on, `addDays` days later. */
export function zonedMidnight(instantMs: number, timeZone: string, addDays = 0): number {
  const wall = floorTo(utcToWallClock(instantMs, timeZone), DAY_MS) + addDays * DAY_MS;
  return wallClockToUtc(wall, timeZone);
}

/** True when the zone's offset is whole hours at both ends of the range, so UTC hours are its local hours. */
export function wholeHourZone(timeZone: string, startMs: number, endMs: number): boolean {
  return [startMs, endMs].every((t) => (utcToWallClock(t, timeZone) - t) % HOUR_MS === 0);
}

/** The instants a preset covers at `now`. */
export function presetRange(preset: TimeRangePreset, now: Date, timeZone = 'UTC'): ResolvedRange {
  if (preset === '1d') {
    const end = floorTo(now.getTime(), HOUR_MS) + HOUR_MS;
    return { preset, start: new Date(end - DAY_MS), end: new Date(end), timeZone };
  }
  const days = Number(preset.slice(0, -1));
  const end = zonedMidnight(now.getTime(), timeZone, 1);
  return { preset, start: new Date(zonedMidnight(now.getTime(), timeZone, 1 - days)), end: new Date(end), timeZone };
}

/** A custom date as an instant: a date-only value is local midnight, `endOfDay` moving it to the next one. */
function customInstant(value: string, timeZone: string, endOfDay: boolean): { ms: number; dateOnly: boolean } {
  if (isoDate.safeParse(value).success) {
    const [y, m, d] = value.split('-').map(Number);
    return { ms: wallClockToUtc(Date.UTC(y!, m! - 1, d! + (endOfDay ? 1 : 0)), timeZone), dateOnly: true };
  }
  return { ms: new Date(value).getTime(), dateOnly: false };
}

/** The previous period of the same length, ending where this one starts (for "change vs previous"). */
export function previousRange(range: ResolvedRange): ResolvedRange {
  const length = range.end.getTime() - range.start.getTime();
  return { ...range, start: new Date(range.start.getTime() - length), end: range.start };
}

export const rangeDays = (r: ResolvedRange) => (r.end.getTime() - r.start.getTime()) / DAY_MS;

/** ISO 8601 without milliseconds, as the API prints instants (2026-01-20T00:00:00Z). */
export const isoSeconds = (d: Date | number) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The range as the API reports it: the first and the last second it covers. */
export const rangeLabel = (r: ResolvedRange) => ({ start: isoSeconds(r.start), end: isoSeconds(r.end.getTime() - 1000) });

interface RangeOptions {
  /** Accept `tz` (traffic); otherwise ranges are in UTC. */
  timeZone?: boolean;
  /** For tests: the clock presets are read against. */
  now?: () => Date;
}

/**
 * The zod fields of a ranged analytics question, resolved into `range`. Bad input is a field error:
 * an unknown preset, a malformed date, one custom bound without the other, start not before end,
 * more than two years, an unknown zone.
 */
export function rangeParams(defaultPreset: TimeRangePreset, options: RangeOptions = {}) {
  return {
    timeRange: z.enum(TIME_RANGES, { error: `Expected one of ${TIME_RANGES.join(', ')}` }).default(defaultPreset),
    startDate: dateInput.optional(),
    endDate: dateInput.optional(),
    ...(options.timeZone ? { tz: zoneInput.default('UTC') } : {}),
  };
}

type RangeInput = { timeRange: TimeRangePreset; startDate?: string; endDate?: string; tz?: string };

/** Resolves validated range fields into instants, or reports why they cannot be used. */
export function resolveRange(input: RangeInput, ctx: z.RefinementCtx, now: Date = new Date()): ResolvedRange | null {
  const timeZone = input.tz ?? 'UTC';
  if (input.startDate === undefined && input.endDate === undefined) return presetRange(input.timeRange, now, timeZone);
  if (input.startDate === undefined || input.endDate === undefined) {
    const missing = input.startDate === undefined ? 'startDate' : 'endDate';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'startDate and endDate must be given together' });
    return null;
  }
  const start = customInstant(input.startDate, timeZone, false);
  const end = customInstant(input.endDate, timeZone, true);
  let startMs = start.ms;
  let endMs = end.ms;
  if (startMs < EARLIEST || endMs > LATEST) {
    ctx.addIssue({ code: 'custom', path: [startMs < EARLIEST ? 'startDate' : 'endDate'], message: 'Dates must fall between 1970 and 2105' });
    return null;
  }
  if (startMs >= endMs) {
    ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'startDate must be before endDate' });
    return null;
  }
  if (endMs - startMs > MAX_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The range can be at most 2 years' });
    return null;
  }
  // Why: whole hours keep a custom range answerable from the hourly rollup without touching raw events.
  if (wholeHourZone(timeZone, startMs, endMs)) {
    if (!start.dateOnly) startMs = floorTo(startMs, HOUR_MS);
    if (!end.dateOnly) endMs = ceilTo(endMs, HOUR_MS);
  }
  return { preset: 'custom', start: new Date(startMs), end: new Date(endMs), timeZone };
}

/**
 * A question's params schema: its own fields plus the range fields, parsed into `{ ...fields, range }`.
 * `defaultPreset` is the seed's default for that endpoint.
 */
export function rangedSchema<Shape extends z.ZodRawShape>(defaultPreset: TimeRangePreset, shape: Shape, options: RangeOptions = {}) {
  const now = options.now ?? (() => new Date());
  return z
    .object({ ...rangeParams(defaultPreset, options), ...shape })
    .transform((value, ctx) => {
      const range = resolveRange(value as RangeInput, ctx, now());
      if (!range) return z.NEVER;
      return { ...value, range };
    });
}
