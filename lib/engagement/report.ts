/** Everything the dashboard shows about a campaign's engagement controls, or null when none applied to it. */
import { db } from '@/lib/db';
import { EVENT_TYPES } from '@/lib/analytics/events';
import { templateNames } from '@/lib/analytics/scope';
import { controlCounts } from '@/lib/engagement/controls';
import { experimentReports } from '@/lib/engagement/experiments';
import { holdoutLift } from '@/lib/engagement/holdout';

/** Events a holdout can be measured on: anything a contact does that the campaign itself does not send. */
export const LIFT_EVENTS = EVENT_TYPES.filter((e) => !e.startsWith('message_') && !e.startsWith('campaign_'));
const DEFAULT_LIFT_EVENT = 'workflow_run_goal_reached';

export async function campaignEngagementReport(workspaceId: string, campaignId: string, liftEvent?: string) {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { holdoutPercent: true, status: true } });
  if (!campaign || campaign.status === 'draft') return null;
  const event = liftEvent && (LIFT_EVENTS as readonly string[]).includes(liftEvent) ? liftEvent : DEFAULT_LIFT_EVENT;
  const [counts, experiments, lift] = await Promise.all([controlCounts(campaignId), experimentReports(workspaceId, campaignId), holdoutLift(workspaceId, campaignId, event)]);
  if (!Object.keys(counts.contacts).length && !experiments.length && campaign.holdoutPercent === 0) return null;
  const names = await templateNames(workspaceId, experiments.flatMap((e) => e.variants.map((v) => v.templateId)));
  return {
    counts: counts.contacts,
    waiting: counts.waiting,
    holdoutPercent: campaign.holdoutPercent,
    lift,
    liftEvents: LIFT_EVENTS,
    experiments: experiments.map((e) => ({ ...e, variants: e.variants.map((v) => ({ ...v, templateName: names.get(v.templateId) ?? 'Deleted template' })) })),
  };
}
