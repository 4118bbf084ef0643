/**
 * Time buckets of a series (hour, day, ISO week starting Monday, month) in a zone, so every series has one
 * point per bucket, zeros included: a chart of a quiet week must not draw a straight line over the gaps.
 */
import { utcToWallClock, wallClockToUtc } from '@/lib/campaigns/zoned-time';
import { DAY_MS, HOUR_MS, type ResolvedRange } from '@/lib/analytics/range';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Buckets a series may have; far beyond what any valid range and granularity produce. */
const MAX_BUCKETS = 20_000;

const toWall = (ms: number, tz: string) => (tz === 'UTC' ? ms : utcToWallClock(ms, tz));
const fromWall = (ms: number, tz: string) => (tz === 'UTC' ? ms : wallClockToUtc(ms, tz));

function floorWall(wall: number, g: Granularity): number {
  if (g === 'hour') return Math.floor(wall / HOUR_MS) * HOUR_MS;
  const day = Math.floor(wall / DAY_MS) * DAY_MS;
  if (g === 'day') return day;
  const d = new Date(day);
  if (g === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The start of the bucket an instant falls in. */
export function bucketStart(ms: number, g: Granularity, tz = 'UTC'): number {
  return fromWall(floorWall(toWall(ms, tz), g), tz);
}

function nextBucket(start: number, g: Granularity, tz: string): number {
  // Hours step in real time so a repeated autumn hour is its own bucket.
  if (g === 'hour') return start + HOUR_MS;
  const wall = toWall(start, tz);
  const d = new Date(wall);
  const next =
    g === 'day' ? wall + DAY_MS : g === 'week' ? wall + 7 * DAY_MS : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return fromWall(next, tz);
}

/** Every bucket start (ms) that overlaps the range. */
export function bucketStarts(range: ResolvedRange, g: Granularity, tz = 'UTC'): number[] {
  const out: number[] = [];
  const end = range.end.getTime();
  for (let b = bucketStart(range.start.getTime(), g, tz); b < end && out.length < MAX_BUCKETS; b = nextBucket(b, g, tz)) out.push(b);
  return out;
}

/** One entry per bucket: the row found for it (keyed by bucket start in ms) or a zero row. */
export function fillSeries<T>(range: ResolvedRange, g: Granularity, tz: string, rows: Map<number, T>, zero: () => T): { at: number; row: T }[] {
  return bucketStarts(range, g, tz).map((at) => ({ at, row: rows.get(at) ?? zero() }));
}

/** Hour buckets for short ranges, days for the rest: what a trend chart shows when nobody asked. */
export const autoGranularity = (range: ResolvedRange): Granularity =>
  range.end.getTime() - range.start.getTime() <= 2 * DAY_MS ? 'hour' : 'day';
