import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import type { Actor } from '@/lib/auth/context';
import type { Campaign, Prisma } from '@/lib/generated/prisma/client';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';
import { activateCampaign, type ActivationResult } from '@/lib/campaigns/activate';
import { actorIdOf } from '@/lib/campaigns/actor';
import { finishSchedule, lockCampaign } from '@/lib/campaigns/lock';
import { recordStatusChange } from '@/lib/campaigns/status-log';
import { assertTransition, transitionRefused } from '@/lib/campaigns/transitions';
import { campaignStatusChanged } from '@/lib/delivery/trigger';
import { cacheInvalidate } from '@/lib/analytics/stats-cache';

export type StatusChangeResult = { campaign: Campaign } | ActivationResult;

/** A transition that only changes the campaign row: locked, checked, applied and logged in one transaction. */
async function transition(actor: Actor, id: string, to: CampaignStatus, now: Date, fields: (actorId: string | null) => Prisma.CampaignUpdateInput) {
  const actorId = actorIdOf(actor);
  const result = await db.$transaction(async (tx) => {
    const current = await lockCampaign(tx, actor.workspaceId, id);
    assertTransition(current.status, to);
    const campaign = await tx.campaign.update({ where: { id }, data: { status: to, ...fields(actorId) } });
    // Completing cancels what is left: the schedule is finished; recipients keep the state they reached.
    if (to === 'completed') await finishSchedule(tx, id, now);
    await recordStatusChange(tx, { workspaceId: actor.workspaceId, campaignId: id, from: current.status, to, actorId, at: now });
    return { campaign };
  });
  // After the commit: a resume schedules dispatch; on Inngest a pause or completion cancels the running execution.
  await campaignStatusChanged(result.campaign);
  return result;
}

/** active → paused: dispatch reads the status at send time, so nothing more goes out until resumed. */
export const pauseCampaign = (actor: Actor, id: string, now = new Date()) =>
  transition(actor, id, 'paused', now, (actorId) => ({ pausedAt: now, pausedById: actorId }));

/** paused → active: recipients keep their due times, so whatever fell due while paused is due at once. */
export const resumeCampaign = (actor: Actor, id: string, now = new Date()) => transition(actor, id, 'active', now, () => ({}));

/**
 * active or paused → completed: nothing more is sent. Unfinished schedule rows are marked finished;
 * pending and in-progress recipients keep their state as the record of how far they got.
 */
export const completeCampaign = (actor: Actor, id: string, now = new Date()) =>
  transition(actor, id, 'completed', now, (actorId) => ({ completedAt: now, completedById: actorId }));

/** `PUT /api/campaigns/[id]/status`: routes the requested status to the lifecycle step it means. */
export async function changeCampaignStatus(actor: Actor, id: string, to: CampaignStatus, now = new Date()): Promise<StatusChangeResult> {
  const current = await db.campaign.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: { status: true } });
  if (!current) throw notFound('Campaign');
  const result = await applyStatus(actor, id, current.status, to, now);
  // A cached stats answer describes the old status (a draft has no recipients yet), so it goes now.
  await cacheInvalidate(id);
  return result;
}

function applyStatus(actor: Actor, id: string, from: CampaignStatus, to: CampaignStatus, now: Date): Promise<StatusChangeResult> {
  if (to === 'active' && from === 'draft') return activateCampaign(actor, id, now);
  if (to === 'active') return resumeCampaign(actor, id, now);
  if (to === 'paused') return pauseCampaign(actor, id, now);
  if (to === 'completed') return completeCampaign(actor, id, now);
  throw transitionRefused(from, to); // nothing ever returns to draft
}
