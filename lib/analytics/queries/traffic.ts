/**
 * GET /api/v1/analytics/traffic (seed 003): when messages go out (message_sent), in the zone `tz` (default UTC):
 * all 24 hours of the day in order (peakHours; busiestHour names the top one), Monday to Sunday, and a series.
 * Read from the hourly rollup; from raw events only for a zone whose offset is not whole hours.
 */
import { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { isoSeconds, rangeDays, rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { fillSeries } from '@/lib/analytics/buckets';
import { bucketSql, num, select, source, where } from '@/lib/analytics/source';
import { MAX_HOURLY_DAYS } from '@/lib/analytics/queries/messages';

export const DAYS_OF_WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const trafficParams = rangedSchema('7d', { granularity: z.enum(['hour', 'day', 'week']).default('hour') }, { timeZone: true }).superRefine((v, ctx) => {
  if (v.granularity === 'hour' && rangeDays(v.range) > MAX_HOURLY_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['granularity'], message: `granularity=hour covers at most ${MAX_HOURLY_DAYS} days` });
  }
});

export async function traffic(workspaceId: string, params: z.output<typeof trafficParams>) {
  const { range, granularity } = params;
  const src = source(workspaceId, range, { localTime: true, granularity: 'hour' });
  const w = where(src, { eventTypes: ['message_sent'] });
  const local = `toTimeZone(${src.time}, {tz:String})`;
  const part = (kind: string, key: string) => `SELECT '${kind}' AS kind, ${key} AS k, ${src.events} AS n FROM ${src.table} WHERE ${w.sql} GROUP BY k`;
  // One round trip for the three views of the same rows.
  const rows = await select<{ kind: string; k: string | number; n: string }>(
    [part('hour', `toUInt64(toHour(${local}))`), part('weekday', `toUInt64(toDayOfWeek(${local}))`), part('bucket', `toUInt64(${bucketSql(src, granularity)})`)].join(' UNION ALL '),
    w.params,
  );
  const of = (kind: string) => new Map(rows.filter((r) => r.kind === kind).map((r) => [num(r.k), num(r.n)]));
  const byHour = of('hour');
  const byDay = of('weekday');
  const series = of('bucket');
  const peakHours = Array.from({ length: 24 }, (_, hour) => ({ hour, messageCount: byHour.get(hour) ?? 0 }));
  const busiest = peakHours.reduce((a, b) => (b.messageCount > a.messageCount ? b : a));
  return {
    timeRange: rangeLabel(range),
    timeZone: range.timeZone,
    granularity,
    busiestHour: busiest.messageCount > 0 ? busiest.hour : null,
    peakHours,
    byDayOfWeek: DAYS_OF_WEEK.map((day, i) => ({ day, messageCount: byDay.get(i + 1) ?? 0 })),
    timeSeries: fillSeries(range, granularity, range.timeZone, new Map([...series].map(([t, n]) => [t * 1000, n])), () => 0).map(({ at, row }) => ({
      timestamp: isoSeconds(at),
      messageCount: row,
    })),
  };
}

export const trafficQuestion = question({
  name: 'traffic',
  eventsOnly: true,
  params: trafficParams,
  run: traffic,
  tables: {
    timeSeries: { columns: ['timestamp', 'messageCount'], rows: (d) => d.timeSeries },
    peakHours: { columns: ['hour', 'messageCount'], rows: (d) => d.peakHours },
    byDayOfWeek: { columns: ['day', 'messageCount'], rows: (d) => d.byDayOfWeek },
  },
});
