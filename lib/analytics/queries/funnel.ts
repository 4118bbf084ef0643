/**
 * GET /api/v1/analytics/funnel?campaignId= (seed 002): the journey funnel of calls, Picked up → Interested →
 * Qualified (funnel_step events by label; labels beyond those follow in order of their step value), and the
 * email funnel sent → delivered → opened → clicked. Counts are events; each step carries its conversion from
 * the previous step and from the first, in percent, and the event behind it (for listing its contacts).
 */
import { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { percent } from '@/lib/analytics/rates';
import { num, select, source, where } from '@/lib/analytics/source';
import { campaignOf } from '@/lib/analytics/scope';
import { messageCounts, total } from '@/lib/analytics/queries/message-counts';

export const funnelParams = rangedSchema('30d', { campaignId: z.uuid().optional() });

export const VOICE_STEPS = [
  { key: 'picked_up', label: 'Picked up' },
  { key: 'interested', label: 'Interested' },
  { key: 'qualified', label: 'Qualified' },
] as const;

const EMAIL_STEPS = [
  { key: 'sent', label: 'Sent', eventType: 'message_sent' },
  { key: 'delivered', label: 'Delivered', eventType: 'message_delivered' },
  { key: 'opened', label: 'Opened', eventType: 'message_opened' },
  { key: 'clicked', label: 'Clicked', eventType: 'message_clicked' },
] as const;

export interface FunnelStep {
  key: string;
  label: string;
  count: number;
  conversionFromPrevious: number;
  conversionFromFirst: number;
  event: { eventType: string; label?: string };
}

const humanise = (key: string) => key.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** Adds the two conversions to counted steps. */
export function withConversions(steps: Omit<FunnelStep, 'conversionFromPrevious' | 'conversionFromFirst'>[]): FunnelStep[] {
  const first = steps[0]?.count ?? 0;
  return steps.map((s, i) => ({
    ...s,
    conversionFromPrevious: i === 0 ? (s.count > 0 ? 100 : 0) : percent(s.count, steps[i - 1]!.count),
    conversionFromFirst: percent(s.count, first),
  }));
}

async function voiceSteps(workspaceId: string, params: z.output<typeof funnelParams>): Promise<FunnelStep[]> {
  const src = source(workspaceId, params.range, { raw: true });
  const w = where(src, { eventTypes: ['funnel_step'], ...(params.campaignId ? { campaignId: params.campaignId } : {}) });
  const rows = await select<{ label: string; pos: number | null; n: string }>(
    `SELECT label, min(value) AS pos, count() AS n FROM analytics_events WHERE ${w.sql} AND label != '' GROUP BY label`,
    w.params,
  );
  const found = new Map(rows.map((r) => [r.label, r]));
  const canonical = VOICE_STEPS.map((s) => ({ key: s.key, label: s.label, count: num(found.get(s.key)?.n) }));
  const extra = rows
    .filter((r) => !VOICE_STEPS.some((s) => s.key === r.label))
    .sort((a, b) => (a.pos ?? Infinity) - (b.pos ?? Infinity) || a.label.localeCompare(b.label))
    .map((r) => ({ key: r.label, label: humanise(r.label), count: num(r.n) }));
  return withConversions([...canonical, ...extra].map((s) => ({ ...s, event: { eventType: 'funnel_step', label: s.key } })));
}

async function emailSteps(workspaceId: string, params: z.output<typeof funnelParams>): Promise<FunnelStep[]> {
  const counts = total(await messageCounts(workspaceId, params.range, {}, { channel: 'email', ...(params.campaignId ? { campaignId: params.campaignId } : {}) }));
  return withConversions(EMAIL_STEPS.map((s) => ({ key: s.key, label: s.label, count: counts[s.key], event: { eventType: s.eventType } })));
}

export async function funnel(workspaceId: string, params: z.output<typeof funnelParams>) {
  if (params.campaignId) await campaignOf(workspaceId, params.campaignId);
  const [voice, email] = await Promise.all([voiceSteps(workspaceId, params), emailSteps(workspaceId, params)]);
  return {
    timeRange: rangeLabel(params.range),
    campaignId: params.campaignId ?? null,
    funnels: [
      { channel: 'voice', name: 'Journey', steps: voice },
      { channel: 'email', name: 'Email', steps: email },
    ],
  };
}

export const funnelQuestion = question({
  name: 'funnel',
  params: funnelParams,
  run: funnel,
  tables: {
    steps: {
      columns: ['channel', 'key', 'label', 'count', 'conversionFromPrevious', 'conversionFromFirst'],
      rows: (d) => d.funnels.flatMap((f) => f.steps.map((s) => ({ channel: f.channel, ...s }))),
    },
  },
});
