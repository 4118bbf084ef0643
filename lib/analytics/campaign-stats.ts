/**
 * GET /api/campaigns/[id]/stats (seed 004), in the seed's exact shape.
 *
 * - campaign_status: Herald's draft / active / paused / completed are the seed's draft / running / paused / completed.
 * - contacts: recipients by state, from the per-campaign tallies kept with every state change (lib/campaigns/tallies.ts).
 * - call_outcomes: the campaign's calls, one call_ended event per call attempt, by outcome (read from the hourly
 *   rollup of its calls); total_attempts is their sum. Emails and texts are not calls: their figures are the summary's per-channel message counts.
 * - rates (percent, 1 decimal): completion / refusal / not_reached = contacts in that state / all contacts;
 *   answer_rate = (completed + refused) / total_attempts — a call someone answered, then finished or declined.
 * - duration_stats: over completed calls (conversations); null average/min/max when there were none.
 * - time_series_hourly / _daily: the last N hours (this hour included) / days (today included, UTC), one point
 *   each, with the same outcome counts; empty arrays when include_time_series=false.
 * Answers are cached (lib/analytics/stats-cache.ts); `cached` says whether this one came from the cache.
 */
import { z } from 'zod';
import { CALL_OUTCOMES } from '@/lib/analytics/events';
import { DAY_MS, HOUR_MS, isoSeconds } from '@/lib/analytics/range';
import { percent } from '@/lib/analytics/rates';
import { num, select } from '@/lib/analytics/source';
import { campaignOf } from '@/lib/analytics/scope';
import { cacheGet, cacheInvalidate, cacheSet } from '@/lib/analytics/stats-cache';
import { recipientStateCounts } from '@/lib/campaigns/tallies';

const flag = z.enum(['true', 'false', '1', '0'], { error: 'Expected true or false' }).transform((v) => v === 'true' || v === '1');

export const statsQuerySchema = z.object({
  include_time_series: flag.default(true),
  time_series_hours: z.coerce.number({ error: 'Expected a whole number' }).int('Expected a whole number').min(1).max(168).default(24),
  time_series_days: z.coerce.number({ error: 'Expected a whole number' }).int('Expected a whole number').min(1).max(90).default(30),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

export const SEED_STATUS = { draft: 'draft', active: 'running', paused: 'paused', completed: 'completed' } as const;

type Outcome = (typeof CALL_OUTCOMES)[number];
export type OutcomeCounts = { total_attempts: number } & Record<Outcome, number>;

const emptyOutcomes = (): OutcomeCounts => ({ total_attempts: 0, completed: 0, refused: 0, no_answer: 0, busy: 0, failed: 0 });

function callOutcome(counts: OutcomeCounts, outcome: string, n: number) {
  if ((CALL_OUTCOMES as readonly string[]).includes(outcome)) counts[outcome as Outcome] += n;
  counts.total_attempts += n;
}

/**
 * Each hour of calls is counted once per view it belongs to: h = the hour when inside the hourly window (else 0),
 * d = its day when inside the daily window (else 0); totals add up every row. Both windows start on a whole hour, so
 * the campaign's hourly call rollup answers exactly what its call_ended events would, in two small result sets.
 */
const CALLS_SQL = `
  SELECT if(hour >= {hourStart:DateTime}, toUnixTimestamp(hour), 0) AS h,
         if(hour >= {dayStart:DateTime}, toUnixTimestamp(toStartOfDay(hour)), 0) AS d,
         outcome, sum(events) AS n,
         sumIf(duration_count, outcome = 'completed') AS dn, sumIf(duration_sum, outcome = 'completed') AS ds,
         minIf(duration_min, outcome = 'completed') AS dmin, maxIf(duration_max, outcome = 'completed') AS dmax
  FROM analytics_campaign_calls_hourly
  WHERE tenant_id = {tenant:String} AND campaign_id = {campaign:String}
  GROUP BY h, d, outcome`;

interface CallRow { h: number; d: number; outcome: string; n: string; dn: string; ds: number; dmin: number | null; dmax: number | null }

/** Outcome counts per key of a row (hour, day or 0 for the total). */
function outcomesBy(callRows: CallRow[], keyOf: (r: { h: number; d: number }) => number | null): Map<number, OutcomeCounts> {
  const out = new Map<number, OutcomeCounts>();
  for (const r of callRows) {
    const k = keyOf(r);
    if (k !== null) callOutcome(out.get(k) ?? out.set(k, emptyOutcomes()).get(k)!, r.outcome, num(r.n));
  }
  return out;
}

const ymdhms = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** One point per bucket from `start`, `count` buckets of `step` ms. */
const series = (rows: Map<number, OutcomeCounts>, start: number, count: number, step: number) =>
  Array.from({ length: count }, (_, i) => {
    const t = start + i * step;
    return { timestamp: isoSeconds(t), ...(rows.get(t / 1000) ?? emptyOutcomes()) };
  });

/** Far enough ahead that no event falls in a window: the series are not wanted. */
const NEVER = Date.UTC(2105, 0, 1);

export async function computeStats(campaign: { id: string; name: string; status: keyof typeof SEED_STATUS }, workspaceId: string, query: StatsQuery, now = new Date()) {
  const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (query.time_series_hours - 1) * HOUR_MS;
  const dayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS - (query.time_series_days - 1) * DAY_MS;
  const params = {
    tenant: workspaceId,
    campaign: campaign.id,
    hourStart: ymdhms(query.include_time_series ? hourStart : NEVER),
    dayStart: ymdhms(query.include_time_series ? dayStart : NEVER),
  };
  const [contacts, callRows] = await Promise.all([recipientStateCounts(campaign.id), select<CallRow>(CALLS_SQL, params)]);
  const outcomes = outcomesBy(callRows, () => 0).get(0) ?? emptyOutcomes();
  const durations = callRows.filter((r) => num(r.dn) > 0);
  const count = durations.reduce((a, r) => a + num(r.dn), 0);
  const total = durations.reduce((a, r) => a + Number(r.ds), 0);
  const pct = (part: number, whole: number) => percent(part, whole, 1);
  return {
    campaign_id: campaign.id,
    campaign_name: campaign.name,
    campaign_status: SEED_STATUS[campaign.status],
    contacts,
    call_outcomes: outcomes,
    rates: {
      completion_rate: pct(contacts.completed, contacts.total),
      refusal_rate: pct(contacts.refused, contacts.total),
      not_reached_rate: pct(contacts.not_reached, contacts.total),
      answer_rate: pct(outcomes.completed + outcomes.refused, outcomes.total_attempts),
    },
    duration_stats: {
      average_duration_seconds: count ? Math.round((total / count) * 10) / 10 : null,
      min_duration_seconds: count ? Math.min(...durations.map((r) => Number(r.dmin))) : null,
      max_duration_seconds: count ? Math.max(...durations.map((r) => Number(r.dmax))) : null,
      total_duration_seconds: total,
    },
    time_series_hourly: query.include_time_series ? series(outcomesBy(callRows, (r) => num(r.h) || null), hourStart, query.time_series_hours, HOUR_MS) : [],
    time_series_daily: query.include_time_series ? series(outcomesBy(callRows, (r) => num(r.d) || null), dayStart, query.time_series_days, DAY_MS) : [],
    generated_at: isoSeconds(now),
  };
}

export type CampaignStats = Awaited<ReturnType<typeof computeStats>> & { cached: boolean };

/** The stats of one of the workspace's campaigns (404 otherwise), from the cache when it has a fresh answer. */
export async function campaignStats(workspaceId: string, campaignId: string, query: StatsQuery): Promise<CampaignStats> {
  const campaign = await campaignOf(workspaceId, campaignId);
  const field = `ts=${query.include_time_series ? 1 : 0}&h=${query.time_series_hours}&d=${query.time_series_days}`;
  const hit = await cacheGet<Awaited<ReturnType<typeof computeStats>>>(campaign.id, field);
  if (hit) return { ...hit, cached: true };
  const stats = await computeStats(campaign, workspaceId, query);
  await cacheSet(campaign.id, field, stats);
  return { ...stats, cached: false };
}

/** Drops the campaign's cached stats (admins only, checked by the route). */
export async function invalidateCampaignStats(workspaceId: string, campaignId: string) {
  const campaign = await campaignOf(workspaceId, campaignId);
  return { campaign_id: campaign.id, invalidated: await cacheInvalidate(campaign.id) };
}
