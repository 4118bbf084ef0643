/**
 * GET /api/v1/analytics/campaigns (seed 003): campaigns that sent in the range, their rates and names
 * (names from PostgreSQL; an integration's own campaign id has none), the distinct recipients, and a series.
 * avgOpenRate / avgClickRate are means over campaigns that delivered something, so each campaign weighs the same.
 */
import { z } from 'zod';
import { CHANNELS } from '@/lib/analytics/events';
import { question } from '@/lib/analytics/question';
import { rangedSchema, rangeLabel } from '@/lib/analytics/range';
import { autoGranularity } from '@/lib/analytics/buckets';
import { messageRates, round } from '@/lib/analytics/rates';
import { num, select, source, where, type Filters } from '@/lib/analytics/source';
import { campaignOf, campaignsByIds } from '@/lib/analytics/scope';
import { countSeries, fold, messageCounts } from '@/lib/analytics/queries/message-counts';

export const campaignsParams = rangedSchema('30d', {
  campaignId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);

/** Distinct contacts sent a campaign message in the range. */
async function recipients(workspaceId: string, params: z.output<typeof campaignsParams>, filters: Filters): Promise<number> {
  const src = source(workspaceId, params.range);
  const w = where(src, { ...filters, eventTypes: ['message_sent'] });
  const [row] = await select<{ n: string }>(`SELECT ${src.contacts} AS n FROM ${src.table} WHERE ${w.sql}`, w.params);
  return num(row?.n);
}

export async function campaigns(workspaceId: string, params: z.output<typeof campaignsParams>) {
  const { range, campaignId, channel, limit } = params;
  if (campaignId) await campaignOf(workspaceId, campaignId);
  const filters: Filters = { inCampaign: true, ...(campaignId ? { campaignId } : {}), ...(channel ? { channel } : {}) };
  const granularity = autoGranularity(range);
  const [rows, totalRecipients] = await Promise.all([
    messageCounts(workspaceId, range, { by: 'campaign_id', bucket: granularity }, filters),
    recipients(workspaceId, params, filters),
  ]);
  const active = [...fold(rows, (r) => r.key)].filter(([, c]) => c.sent > 0);
  const known = await campaignsByIds(workspaceId, active.map(([id]) => id));
  const ranked = active
    .map(([id, c]) => ({ campaignId: id, name: known.get(id)?.name ?? null, status: known.get(id)?.status ?? null, sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked, ...messageRates(c) }))
    .sort((a, b) => b.sent - a.sent || a.campaignId.localeCompare(b.campaignId));
  const delivering = ranked.filter((r) => r.delivered > 0);
  return {
    timeRange: rangeLabel(range),
    granularity,
    summary: {
      totalCampaigns: ranked.length,
      completedCampaigns: ranked.filter((r) => r.status === 'completed').length,
      totalRecipients,
      avgOpenRate: mean(delivering.map((r) => r.openRate)),
      avgClickRate: mean(delivering.map((r) => r.clickRate)),
    },
    topCampaigns: ranked.slice(0, limit).map(({ campaignId: id, name, status, sent, delivered, opened, clicked, openRate, clickRate, deliveryRate }) => ({ campaignId: id, name, status, sent, delivered, opened, clicked, openRate, clickRate, deliveryRate })),
    timeSeries: countSeries(range, granularity, rows),
  };
}

export const campaignsQuestion = question({
  name: 'campaigns',
  params: campaignsParams,
  run: campaigns,
  tables: {
    topCampaigns: { columns: ['campaignId', 'name', 'status', 'sent', 'delivered', 'opened', 'clicked', 'openRate', 'clickRate', 'deliveryRate'], rows: (d) => d.topCampaigns },
    timeSeries: { columns: ['timestamp', 'sent', 'delivered', 'opened', 'clicked', 'bounced'], rows: (d) => d.timeSeries },
  },
});
