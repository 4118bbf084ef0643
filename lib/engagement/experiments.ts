/**
 * A/B tests on a send step: a test share of the audience is split evenly and deterministically between 2–5 variants
 * (template, and a send delay); when the test window ends the variant with the best rate of the winning metric goes to
 * the rest. The result carries a two-proportion z-test of each variant against A (p-value, 95% CI of the difference).
 */
import { createHash } from 'node:crypto';
import { db } from '@/lib/db';
import { formatClickHouseDateTime64 } from '@/lib/analytics/events';
import { variantLetter, type AbMetric, type AbTest } from '@/lib/engagement/ab-test-schema';
import { select } from '@/lib/analytics/source';
import { badRequest, conflict, notFound } from '@/lib/http/errors';
import type { Actor } from '@/lib/auth/context';
import { campaignStatusChanged } from '@/lib/delivery/trigger';

export { AB_METRICS, MAX_VARIANTS, abTestSchema, variantLetter, type AbMetric, type AbTest } from '@/lib/engagement/ab-test-schema';

/** The test as frozen at activation: variant 0 is A. */
export interface ExperimentConfig {
  variants: { templateId: string; delayMinutes: number }[];
  testPercent: number;
  metric: AbMetric;
  conversionEvent?: string;
  windowMinutes: number;
}

export function experimentConfig(stepTemplateId: string, test: AbTest): ExperimentConfig {
  return { ...test, variants: [{ templateId: stepTemplateId, delayMinutes: 0 }, ...test.variants] };
}

/** A uniform number in [0, 1) from the campaign, step and contact: the same contact always lands in the same group. */
function unitHash(campaignId: string, stepIndex: number, contactId: string): number {
  return createHash('sha256').update(`${campaignId}:${stepIndex}:${contactId}`).digest().readUInt32BE(0) / 2 ** 32;
}

export type Assignment = { group: 'test'; variant: number } | { group: 'rest' };

/** The test share is the low end of the hash range, cut into equal slices, one per variant. */
export function assignVariant(campaignId: string, stepIndex: number, contactId: string, config: Pick<ExperimentConfig, 'testPercent' | 'variants'>): Assignment {
  const u = unitHash(campaignId, stepIndex, contactId);
  const share = config.testPercent / 100;
  if (u >= share) return { group: 'rest' };
  return { group: 'test', variant: Math.min(config.variants.length - 1, Math.floor((u / share) * config.variants.length)) };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export interface ProportionTest {
  /** Rate difference (variant − control). */
  difference: number;
  /** Relative lift over the control's rate, null when the control's rate is 0. */
  lift: number | null;
  z: number;
  pValue: number;
  /** 95% confidence interval of the difference. */
  ci: [number, number];
}

/** Two-sided two-proportion z-test (pooled for the test, unpooled for the interval). */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p2 - p1) / se;
  const seDiff = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  return { difference: p2 - p1, lift: p1 === 0 ? null : (p2 - p1) / p1, z, pValue: se === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z))), ci: [p2 - p1 - 1.96 * seDiff, p2 - p1 + 1.96 * seDiff] };
}

export interface VariantResult {
  variant: number;
  label: string;
  templateId: string;
  delayMinutes: number;
  sent: number;
  successes: number;
  rate: number;
  /** Against A (null for A itself). */
  test: ProportionTest | null;
}

/** The best rate wins; a tie goes to the earlier variant (A first). */
export function pickWinner(results: readonly Pick<VariantResult, 'variant' | 'rate' | 'sent'>[]): number {
  let best = results[0];
  for (const r of results) if (r.sent > 0 && (best.sent === 0 || r.rate > best.rate)) best = r;
  return best.variant;
}

/** Contacts with a conversion event since the campaign started (ClickHouse, workspace scoped). */
export async function convertedContacts(workspaceId: string, eventType: string, since: Date): Promise<string[]> {
  const rows = await select<{ id: string }>(
    `SELECT DISTINCT assumeNotNull(contact_id) AS id FROM analytics_events
     WHERE tenant_id = {tenant:String} AND event_type = {event:String} AND occurred_at >= {since:DateTime64(3)} AND contact_id IS NOT NULL LIMIT 1000000`,
    { tenant: workspaceId, event: eventType, since: formatClickHouseDateTime64(since) },
  );
  return rows.map((r) => r.id);
}

/** Sends and metric successes per variant of one test, from the test group's messages of its step (the rest's carry no variant). */
export async function variantResults(workspaceId: string, campaignId: string, stepIndex: number, config: ExperimentConfig, since: Date): Promise<VariantResult[]> {
  const converted = config.metric === 'conversions' ? await convertedContacts(workspaceId, config.conversionEvent!, since) : [];
  const success = config.metric === 'opens' ? 'm.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL' : config.metric === 'clicks' ? 'm.clicked_at IS NOT NULL' : 'm.contact_id = ANY($3::uuid[])';
  const rows = await db.$queryRawUnsafe<{ variant: number; sent: number; successes: number }[]>(
    `SELECT m.variant, count(*)::int AS sent, count(*) FILTER (WHERE ${success})::int AS successes
     FROM messages m WHERE m.campaign_id = $1::uuid AND m.step_index = $2 AND m.variant IS NOT NULL
       AND m.status IN ('sent', 'delivered', 'bounced', 'complained')
     GROUP BY m.variant`,
    campaignId,
    stepIndex,
    ...(config.metric === 'conversions' ? [converted] : []),
  );
  const byVariant = new Map(rows.map((r) => [Number(r.variant), r]));
  const base = config.variants.map((v, i) => {
    const r = byVariant.get(i);
    const sent = Number(r?.sent ?? 0);
    const successes = Number(r?.successes ?? 0);
    return { variant: i, label: variantLetter(i), templateId: v.templateId, delayMinutes: v.delayMinutes, sent, successes, rate: sent ? successes / sent : 0, test: null as ProportionTest | null };
  });
  for (const r of base.slice(1)) r.test = twoProportionTest(base[0].successes, base[0].sent, r.successes, r.sent);
  return base;
}

export interface RunningExperiment {
  stepIndex: number;
  config: ExperimentConfig;
  decideAt: Date;
  winner: number | null;
}

/** The campaign's tests, as dispatch needs them (read before every batch: a decision applies at once). */
export async function experimentsOf(campaignId: string): Promise<Map<number, RunningExperiment>> {
  const rows = await db.campaignExperiment.findMany({ where: { campaignId } });
  return new Map(rows.map((r) => [r.stepIndex, { stepIndex: r.stepIndex, config: r.config as unknown as ExperimentConfig, decideAt: r.decideAt, winner: r.winner }]));
}

/**
 * Picks the winner of a test whose window has ended (or the one a user chose), stores it with the result it was
 * picked on, and makes the rest group due at once. An automatic pick never overrides an earlier decision.
 */
export async function decideExperiment(campaignId: string, stepIndex: number, manual?: { winner: number; by: string }): Promise<number> {
  const row = await db.campaignExperiment.findUnique({ where: { campaignId_stepIndex: { campaignId, stepIndex } }, include: { campaign: { select: { workspaceId: true, activatedAt: true } } } });
  if (!row) throw notFound('A/B test');
  const config = row.config as unknown as ExperimentConfig;
  if (manual && (manual.winner < 0 || manual.winner >= config.variants.length)) throw conflict(`Choose a variant between A and ${variantLetter(config.variants.length - 1)}`);
  if (!manual && row.winner !== null) return row.winner;
  const results = await variantResults(row.campaign.workspaceId, campaignId, stepIndex, config, row.campaign.activatedAt ?? row.decideAt);
  const winner = manual?.winner ?? pickWinner(results);
  const data = { winner, decidedAt: new Date(), decidedBy: manual?.by ?? 'auto', result: { metric: config.metric, variants: results } as object };
  const updated = await db.campaignExperiment.updateMany({ where: { campaignId, stepIndex, ...(manual ? {} : { winner: null }) }, data });
  if (!updated.count) return (await db.campaignExperiment.findUniqueOrThrow({ where: { campaignId_stepIndex: { campaignId, stepIndex } } })).winner!;
  // The rest group waits until the decision time; a decision before it releases them now.
  await db.$executeRawUnsafe(
    `UPDATE campaign_recipients SET next_due_at = now() WHERE campaign_id = $1::uuid AND state = 'pending' AND next_step = $2 AND next_due_at = $3::timestamptz`,
    campaignId,
    stepIndex,
    row.decideAt.toISOString(),
  );
  return winner;
}

export interface ExperimentReport {
  stepIndex: number;
  metric: AbMetric;
  conversionEvent: string | null;
  testPercent: number;
  windowMinutes: number;
  decideAt: string;
  winner: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  variants: VariantResult[];
}

/** Every test of a campaign with its live (or decided) per-variant figures: the dashboard's A/B panel and API. */
export async function experimentReports(workspaceId: string, campaignId: string): Promise<ExperimentReport[]> {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { activatedAt: true } });
  if (!campaign) throw notFound('Campaign');
  const rows = await db.campaignExperiment.findMany({ where: { campaignId }, orderBy: { stepIndex: 'asc' } });
  return Promise.all(
    rows.map(async (r) => {
      const config = r.config as unknown as ExperimentConfig;
      return {
        stepIndex: r.stepIndex,
        metric: config.metric,
        conversionEvent: config.conversionEvent ?? null,
        testPercent: config.testPercent,
        windowMinutes: config.windowMinutes,
        decideAt: r.decideAt.toISOString(),
        winner: r.winner === null ? null : variantLetter(r.winner),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        decidedBy: r.decidedBy,
        variants: await variantResults(workspaceId, campaignId, r.stepIndex, config, campaign.activatedAt ?? r.decideAt),
      };
    }),
  );
}

/** One variant of one A/B test as a flat row (the templates report and its CSV). */
export interface AbVariantRow {
  campaignId: string;
  campaignName: string;
  stepIndex: number;
  variant: string;
  templateId: string;
  metric: AbMetric;
  sent: number;
  successes: number;
  rate: number;
  pValue: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  winner: boolean;
}

/** The variants of the A/B tests of one campaign, or of every campaign activated in a range (newest 20). */
export async function abTestRows(workspaceId: string, scope: { campaignId?: string; start: Date; end: Date }): Promise<AbVariantRow[]> {
  const campaigns = await db.campaign.findMany({
    where: { workspaceId, experiments: { some: {} }, ...(scope.campaignId ? { id: scope.campaignId } : { activatedAt: { gte: scope.start, lt: scope.end } }) },
    select: { id: true, name: true },
    orderBy: { activatedAt: 'desc' },
    take: 20,
  });
  const rows: AbVariantRow[] = [];
  for (const c of campaigns) {
    for (const r of await experimentReports(workspaceId, c.id)) {
      for (const v of r.variants) {
        rows.push({
          campaignId: c.id,
          campaignName: c.name,
          stepIndex: r.stepIndex,
          variant: v.label,
          templateId: v.templateId,
          metric: r.metric,
          sent: v.sent,
          successes: v.successes,
          rate: v.rate,
          pValue: v.test?.pValue ?? null,
          ciLow: v.test?.ci[0] ?? null,
          ciHigh: v.test?.ci[1] ?? null,
          winner: r.winner === v.label,
        });
      }
    }
  }
  return rows;
}

/** A user overrides (or makes early) the choice of a test's winner; the rest group gets it from the next dispatch on. */
export async function chooseWinner(actor: Actor, campaignId: string, stepIndex: number, variant: string): Promise<string> {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, workspaceId: actor.workspaceId }, select: { id: true, workspaceId: true, status: true } });
  if (!campaign) throw notFound('Campaign');
  if (!/^[A-E]$/.test(variant)) throw badRequest('Choose a variant', { variant: ['Choose a variant letter, A to E'] });
  if (campaign.status === 'completed') throw conflict('The campaign has completed: there is nobody left to send the winner to');
  const winner = await decideExperiment(campaignId, stepIndex, { winner: variant.charCodeAt(0) - 65, by: actor.userId ?? actor.apiKeyId ?? 'user' });
  if (campaign.status === 'active') await campaignStatusChanged(campaign);
  return variantLetter(winner);
}
