/**
 * GET /api/v1/analytics/templates (seed 003): templates ranked by open rate (then click rate), best and worst,
 * among those sent at least `minVolume` times in the range (default 100) so a template sent twice cannot
 * top the list. Names come from PostgreSQL; `usageCount` is messages sent with the template.
 */
import { z } from 'zod';
import { CHANNELS } from '@/lib/analytics/events';
import { question } from '@/lib/analytics/question';
import { rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { messageRates } from '@/lib/analytics/rates';
import { templateNames, templateOf } from '@/lib/analytics/scope';
import { fold, messageCounts } from '@/lib/analytics/queries/message-counts';
import { abTestRows } from '@/lib/engagement/experiments';

export const templatesParams = rangedSchema('30d', {
  templateId: z.uuid().optional(),
  /** Only this campaign's A/B tests in `abTestVariants` (otherwise those of campaigns activated in the range). */
  campaignId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  minVolume: z.coerce.number().int().min(0).max(1_000_000_000).default(100),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export async function templates(workspaceId: string, params: z.output<typeof templatesParams>) {
  const { range, templateId, campaignId, channel, minVolume, limit } = params;
  if (templateId) await templateOf(workspaceId, templateId);
  const counts = fold(await messageCounts(workspaceId, range, { by: 'template_id' }, { ...(templateId ? { templateId } : {}), ...(channel ? { channel } : {}) }), (r) => r.key);
  const used = [...counts].filter(([, c]) => c.sent > 0);
  const abRows = await abTestRows(workspaceId, { campaignId, start: range.start, end: range.end });
  const names = await templateNames(workspaceId, [...new Set([...used.map(([id]) => String(id)), ...abRows.map((r) => r.templateId)])]);
  const rows = used
    .map(([id, c]) => {
      const r = messageRates(c);
      return { templateId: String(id), name: names.get(String(id)) ?? null, usageCount: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked, openRate: r.openRate, clickRate: r.clickRate };
    })
    .filter((r) => r.usageCount >= minVolume);
  const best = [...rows].sort((a, b) => b.openRate - a.openRate || b.clickRate - a.clickRate || b.usageCount - a.usageCount);
  const worst = [...rows].sort((a, b) => a.openRate - b.openRate || a.clickRate - b.clickRate || b.usageCount - a.usageCount);
  return {
    timeRange: rangeLabel(range),
    minVolume,
    templatesUsed: used.length,
    templatesRanked: rows.length,
    topTemplates: best.slice(0, limit),
    worstPerforming: worst.slice(0, limit),
    /** Per variant of each A/B test: the test group's sends and successes of the winning metric, tested against A. */
    abTestVariants: abRows.map((r) => ({ ...r, name: names.get(r.templateId) ?? null })),
  };
}

const columns = ['templateId', 'name', 'usageCount', 'delivered', 'opened', 'clicked', 'openRate', 'clickRate'];

export const templatesQuestion = question({
  name: 'templates',
  params: templatesParams,
  run: templates,
  tables: {
    topTemplates: { columns, rows: (d) => d.topTemplates },
    worstPerforming: { columns, rows: (d) => d.worstPerforming },
    abTestVariants: {
      columns: ['campaignId', 'campaignName', 'stepIndex', 'variant', 'templateId', 'name', 'metric', 'sent', 'successes', 'rate', 'pValue', 'ciLow', 'ciHigh', 'winner'],
      rows: (d) => d.abTestVariants,
    },
  },
});
