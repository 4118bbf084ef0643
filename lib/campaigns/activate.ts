import { db } from '@/lib/db';
import { conflict, notFound } from '@/lib/http/errors';
import type { Actor } from '@/lib/auth/context';
import type { Campaign, Prisma } from '@/lib/generated/prisma/client';
import { segmentWhereFor, type CompiledSegment } from '@/lib/segments/compile';
import type { SegmentCriteria } from '@/lib/segments/criteria';
import { lockFlowSteps } from '@/lib/flows/lock';
import { actorIdOf } from '@/lib/campaigns/actor';
import { finishSchedule, lockCampaign } from '@/lib/campaigns/lock';
import { computeSendSteps, scheduleSteps, scheduleZoneFor, type ScheduledStep, type SendStep } from '@/lib/campaigns/schedule';
import { eligibleTimeZones, snapshotAudience } from '@/lib/campaigns/snapshot';
import { recordStatusChange } from '@/lib/campaigns/status-log';
import { assertTransition } from '@/lib/campaigns/transitions';
import { isTimeZone } from '@/lib/time-zones';
import { campaignStatusChanged } from '@/lib/delivery/trigger';
import { abTestSchema, experimentConfig } from '@/lib/engagement/experiments';

type Tx = Prisma.TransactionClient;

export interface ActivationResult {
  campaign: Campaign;
  /** Contacts the segment matched, excluded ones included. */
  targeted: number;
  excluded: number;
  /** Excluded recipients by reason: no_marketing_opt_in, unsubscribed, suppressed:<reason>. */
  exclusions: Record<string, number>;
  /** Pending recipients × send steps. */
  messagesToSend: number;
  firstSendAt: Date | null;
}

// Activation of a few hundred thousand contacts takes seconds; Prisma's 5 s default would abort it.
const ACTIVATION_TX = { timeout: 10 * 60_000, maxWait: 60_000 };

/** The send steps of a locked campaign, or a 409 saying what is missing before it can run. */
async function sendStepsOf(tx: Tx, campaign: Campaign): Promise<SendStep[]> {
  if (!campaign.startDate) throw conflict('Set a start date before activating', { missing: ['startDate'] });
  if (!campaign.flowId && !campaign.templateId) throw conflict('Choose a flow or a template before activating', { missing: ['flowId', 'templateId'] });
  const steps = campaign.flowId ? computeSendSteps(await lockFlowSteps(tx, campaign.flowId)) : computeSendSteps({ templateId: campaign.templateId! });
  if (steps.length === 0) throw conflict('The flow sends no email: add a "send email" step before activating', { missing: ['flowSteps'] });
  return steps;
}

/** Freezes each send step's A/B test: decided once the step is due in every zone and the test window has passed. */
async function createExperiments(tx: Tx, campaignId: string, sendSteps: readonly SendStep[], scheduled: readonly ScheduledStep[]) {
  for (const step of sendSteps) {
    if (!step.abTest) continue;
    const parsed = abTestSchema.safeParse(step.abTest);
    if (!parsed.success) throw conflict(`The A/B test of send step ${step.stepIndex + 1} is incomplete: ${parsed.error.issues[0]?.message}`, { missing: ['flowSteps'] });
    const lastDue = Math.max(...scheduled.filter((s) => s.stepIndex === step.stepIndex).map((s) => s.dueAt.getTime()));
    await tx.campaignExperiment.create({
      data: { campaignId, stepIndex: step.stepIndex, config: experimentConfig(step.templateId, parsed.data) as object, decideAt: new Date(lastDue + parsed.data.windowMinutes * 60_000) },
    });
  }
}

/** The zones the campaign is scheduled in, and which recipient zones get rows of their own. */
async function scheduleZones(tx: Tx, campaign: Campaign, segment: CompiledSegment) {
  if (!campaign.useRecipientTimeZone) return { zones: [campaign.timeZone], recipientZones: [] as string[] };
  const raw = await eligibleTimeZones(tx, campaign.workspaceId, segment);
  const recipientZones = raw.filter((z): z is string => Boolean(z) && isTimeZone(z!));
  const zones = [...new Set(raw.map((z) => scheduleZoneFor(z, campaign.timeZone, true, isTimeZone)))];
  return { zones, recipientZones };
}

/**
 * draft → active, in one transaction: freeze the segment into recipients (one INSERT … SELECT), write the
 * handful of schedule rows, count, log the change and its analytics event. With nobody to send to, the
 * campaign completes at once in the same transaction (both changes logged).
 */
export async function activateCampaign(actor: Actor, campaignId: string, now = new Date()): Promise<ActivationResult> {
  // The segment compiles before the transaction: the compiler may query, and PGlite has a single connection.
  const draft = await db.campaign.findFirst({ where: { id: campaignId, workspaceId: actor.workspaceId }, include: { segment: { select: { id: true, criteria: true } } } });
  if (!draft) throw notFound('Campaign');
  assertTransition(draft.status, 'active');
  const segment = await segmentWhereFor(actor.workspaceId, draft.segment.criteria as unknown as SegmentCriteria, now);
  const actorId = actorIdOf(actor);

  const result = await db.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, actor.workspaceId, campaignId);
    assertTransition(campaign.status, 'active');
    if (campaign.segmentId !== draft.segmentId) throw conflict('The campaign changed while it was being activated; try again');
    const sendSteps = await sendStepsOf(tx, campaign);
    const { zones, recipientZones } = await scheduleZones(tx, campaign, segment);
    const start = { startDate: campaign.startDate!, startTimeOfDay: campaign.startTimeOfDay };
    const scheduled = scheduleSteps(sendSteps, zones, start, now);
    await tx.campaignStep.createMany({
      data: scheduled.map((s) => ({
        campaignId,
        stepIndex: s.stepIndex,
        flowStepId: s.flowStepId,
        templateId: s.templateId,
        timeZone: s.timeZone,
        offsetMinutes: s.offsetMinutes,
        dueAt: s.dueAt,
      })),
    });
    await createExperiments(tx, campaignId, sendSteps, scheduled);
    const counts = await snapshotAudience(tx, {
      campaignId,
      workspaceId: actor.workspaceId,
      segment,
      campaignTimeZone: campaign.timeZone,
      recipientTimeZones: recipientZones,
      holdoutPercent: campaign.holdoutPercent,
      at: now,
    });
    const messagesToSend = counts.pending * sendSteps.length;
    await tx.campaign.update({
      where: { id: campaignId },
      data: {
        status: 'active',
        activatedAt: now,
        activatedById: actorId,
        targetedCount: counts.targeted,
        excludedCount: counts.excluded,
        scheduledCount: messagesToSend,
      },
    });
    await recordStatusChange(tx, { workspaceId: actor.workspaceId, campaignId, from: 'draft', to: 'active', actorId, at: now });
    if (messagesToSend === 0) {
      await finishSchedule(tx, campaignId, now);
      await tx.campaign.update({ where: { id: campaignId }, data: { status: 'completed', completedAt: now, completedById: actorId } });
      const note = counts.targeted === 0 ? 'No contact matched the segment' : 'Every matching contact was excluded';
      await recordStatusChange(tx, { workspaceId: actor.workspaceId, campaignId, from: 'active', to: 'completed', actorId, note, at: now });
    }
    return {
      campaign: await tx.campaign.findUniqueOrThrow({ where: { id: campaignId } }),
      targeted: counts.targeted,
      excluded: counts.excluded,
      exclusions: counts.exclusions,
      messagesToSend,
      firstSendAt: counts.firstSendAt,
    };
  }, ACTIVATION_TX);
  // After the commit: the dispatch job must see the recipients it is scheduled for.
  await campaignStatusChanged(result.campaign, result.firstSendAt);
  return result;
}
