/**
 * GET /api/v1/analytics/messages (seed 003): message counts by event over the range, optionally one channel,
 * as totals, a series at the asked granularity (hour, day, ISO week from Monday, month; UTC) and per channel.
 */
import { z } from 'zod';
import { CHANNELS } from '@/lib/analytics/events';
import { question } from '@/lib/analytics/question';
import { rangeDays, rangedSchema, rangeLabel } from '@/lib/analytics/range';
import { GRANULARITIES } from '@/lib/analytics/buckets';
import { messageRates } from '@/lib/analytics/rates';
import { countSeries, fold, messageCounts, total as totalOf } from '@/lib/analytics/queries/message-counts';

/** Hour buckets beyond this many days make a series too long to draw. */
export const MAX_HOURLY_DAYS = 90;

export const messagesParams = rangedSchema('7d', {
  channel: z.enum(CHANNELS).optional(),
  granularity: z.enum(GRANULARITIES).default('day'),
}).superRefine((v, ctx) => {
  if (v.granularity === 'hour' && rangeDays(v.range) > MAX_HOURLY_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['granularity'], message: `granularity=hour covers at most ${MAX_HOURLY_DAYS} days` });
  }
});

export async function messages(workspaceId: string, params: z.output<typeof messagesParams>) {
  const { range, channel, granularity } = params;
  const filters = channel ? { channel } : {};
  const rows = await messageCounts(workspaceId, range, { by: 'channel', bucket: granularity }, filters);
  const channels = fold(rows, (r) => r.key);
  const total = totalOf(rows);
  return {
    timeRange: rangeLabel(range),
    granularity,
    summary: { sent: total.sent, delivered: total.delivered, opened: total.opened, clicked: total.clicked, bounced: total.bounced, complained: total.complained, failed: total.failed, unsubscribed: total.unsubscribed, ...messageRates(total) },
    timeSeries: countSeries(range, granularity, rows),
    byChannel: [...channels]
      .map(([ch, c]) => ({ channel: ch, sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked, bounced: c.bounced, ...messageRates(c) }))
      .sort((a, b) => b.sent - a.sent),
  };
}

export const messagesQuestion = question({
  name: 'messages',
  eventsOnly: true,
  params: messagesParams,
  run: messages,
  tables: {
    timeSeries: { columns: ['timestamp', 'sent', 'delivered', 'opened', 'clicked', 'bounced'], rows: (d) => d.timeSeries },
    byChannel: { columns: ['channel', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'deliveryRate', 'openRate', 'clickRate', 'bounceRate'], rows: (d) => d.byChannel },
  },
});
