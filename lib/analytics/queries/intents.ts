/**
 * GET /api/v1/analytics/intents (seed 002): how detected intents are distributed — intent_detected events by
 * label over the range (optionally one campaign), each with its share of all of them in percent.
 */
import { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { percent } from '@/lib/analytics/rates';
import { num, select, source, where } from '@/lib/analytics/source';
import { campaignOf } from '@/lib/analytics/scope';

export const intentsParams = rangedSchema('30d', { campaignId: z.uuid().optional() });

export async function intents(workspaceId: string, params: z.output<typeof intentsParams>) {
  if (params.campaignId) await campaignOf(workspaceId, params.campaignId);
  // label is a raw column: the rollups do not keep it.
  const src = source(workspaceId, params.range, { raw: true });
  const w = where(src, { eventTypes: ['intent_detected'], ...(params.campaignId ? { campaignId: params.campaignId } : {}) });
  const rows = await select<{ label: string; n: string }>(
    `SELECT if(label = '', 'unknown', label) AS label, count() AS n FROM analytics_events WHERE ${w.sql} GROUP BY label ORDER BY n DESC, label`,
    w.params,
  );
  const total = rows.reduce((a, r) => a + num(r.n), 0);
  return {
    timeRange: rangeLabel(params.range),
    campaignId: params.campaignId ?? null,
    total,
    intents: rows.map((r) => ({ label: r.label, count: num(r.n), share: percent(num(r.n), total) })),
  };
}

export const intentsQuestion = question({
  name: 'intents',
  params: intentsParams,
  run: intents,
  tables: { intents: { columns: ['label', 'count', 'share'], rows: (d) => d.intents } },
});
