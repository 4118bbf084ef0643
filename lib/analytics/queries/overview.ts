/**
 * GET /api/v1/analytics/overview (seed 003): message totals and rates over the range, the change of each
 * against the previous period of the same length, totals per channel, and a trend (hourly for 1d, else daily).
 */
import type { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { previousRange, rangedSchema, rangeLabel } from '@/lib/analytics/range';
import { autoGranularity } from '@/lib/analytics/buckets';
import { countChange, type MessageCounts, messageRates, rateChange } from '@/lib/analytics/rates';
import { countSeries, fold, messageCounts, total } from '@/lib/analytics/queries/message-counts';

export const overviewParams = rangedSchema('7d', {});

function summaryOf(c: MessageCounts) {
  const r = messageRates(c);
  return {
    totalMessagesSent: c.sent,
    totalDelivered: c.delivered,
    totalOpened: c.opened,
    totalClicked: c.clicked,
    deliveryRate: r.deliveryRate,
    openRate: r.openRate,
    clickRate: r.clickRate,
  };
}

type Summary = ReturnType<typeof summaryOf>;

/** Counts change in percent, rates in percentage points (see lib/analytics/rates.ts). */
function changeOf(current: Summary, previous: Summary) {
  return {
    totalMessagesSent: countChange(current.totalMessagesSent, previous.totalMessagesSent),
    totalDelivered: countChange(current.totalDelivered, previous.totalDelivered),
    totalOpened: countChange(current.totalOpened, previous.totalOpened),
    totalClicked: countChange(current.totalClicked, previous.totalClicked),
    deliveryRate: rateChange(current.deliveryRate, previous.deliveryRate, previous.totalMessagesSent),
    openRate: rateChange(current.openRate, previous.openRate, previous.totalDelivered),
    clickRate: rateChange(current.clickRate, previous.clickRate, previous.totalDelivered),
  };
}

export async function overview(workspaceId: string, params: z.output<typeof overviewParams>) {
  const { range } = params;
  const previous = previousRange(range);
  const granularity = autoGranularity(range);
  // One query over both periods: they share alignment, so the same table and buckets answer both.
  const rows = await messageCounts(workspaceId, { ...range, start: previous.start }, { by: 'channel', bucket: granularity, splitAt: range.start });
  const current = rows.filter((r) => !r.before);
  const summary = summaryOf(total(current));
  const previousSummary = summaryOf(total(rows.filter((r) => r.before)));
  const channels = fold(current, (r) => r.key);
  const byChannel = Object.fromEntries(
    [...channels].sort(([, a], [, b]) => b.sent - a.sent).map(([channel, c]) => [channel, { sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked }]),
  );
  const trend = countSeries(range, granularity, current).map(({ timestamp, sent, delivered, opened, clicked }) => ({
    date: granularity === 'day' ? timestamp.slice(0, 10) : timestamp,
    sent,
    delivered,
    opened,
    clicked,
  }));
  return {
    timeRange: rangeLabel(range),
    previousTimeRange: rangeLabel(previous),
    granularity,
    summary,
    previousSummary,
    change: changeOf(summary, previousSummary),
    byChannel,
    trend,
  };
}

export const overviewQuestion = question({
  name: 'overview',
  eventsOnly: true,
  params: overviewParams,
  run: overview,
  tables: {
    trend: { columns: ['date', 'sent', 'delivered', 'opened', 'clicked'], rows: (d) => d.trend },
    byChannel: {
      columns: ['channel', 'sent', 'delivered', 'opened', 'clicked'],
      rows: (d) => Object.entries(d.byChannel).map(([channel, c]) => ({ channel, ...c })),
    },
  },
});
