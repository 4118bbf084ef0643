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
import { UNFINISHED } from '@/lib/delivery/progress';
import { cacheInvalidate } from '@/lib/analytics/stats-cache';

export type StatusChangeResult = { campaign: Campaign } | ActivationResult;

/**
 * Who changes a status: a member or API key of the workspace, or Herald itself (no actor id, with a note why). Herald
 * completes a campaign from inside its own dispatch, with no other run waiting on it, so it has nobody to cancel.
 */
type Changer = { workspaceId: string; actorId: string | null; note?: string; byDispatch?: boolean };

/**
 * The one path of a status change that only touches the campaign row: locked, checked (`precondition` may decline
 * inside the lock), applied and logged in one transaction; after the commit the cached stats go and dispatch is told.
 */
async function transition(
  by: Changer,
  id: string,
  to: CampaignStatus,
  now: Date,
  fields: Prisma.CampaignUpdateInput,
  precondition?: (tx: Prisma.TransactionClient, current: Campaign) => Promise<boolean>,
): Promise<{ campaign: Campaign } | null> {
  const result = await db.$transaction(async (tx) => {
    const current = await lockCampaign(tx, by.workspaceId, id);
    if (precondition && !(await precondition(tx, current))) return null;
    assertTransition(current.status, to);
    const campaign = await tx.campaign.update({ where: { id }, data: { status: to, ...fields } });
    // Completing cancels what is left: the schedule is finished; recipients keep the state they reached.
    if (to === 'completed') await finishSchedule(tx, id, now);
    await recordStatusChange(tx, { workspaceId: by.workspaceId, campaignId: id, from: current.status, to, actorId: by.actorId, note: by.note, at: now });
    return { campaign };
  });
  if (!result) return null;
  // A cached stats answer describes the old status, so it goes now.
  await cacheInvalidate(id);
  // A resume schedules dispatch; a pause or completion cancels the dispatch waiting for the campaign.
  if (!by.byDispatch) await campaignStatusChanged(result.campaign);
  return result;
}

const byActor = (actor: Actor): Changer => ({ workspaceId: actor.workspaceId, actorId: actorIdOf(actor) });
const applied = (r: { campaign: Campaign } | null) => r!; // no precondition: applied or thrown

/** active → paused: dispatch reads the status at send time, so nothing more goes out until resumed. */
export const pauseCampaign = async (actor: Actor, id: string, now = new Date()) =>
  applied(await transition(byActor(actor), id, 'paused', now, { pausedAt: now, pausedById: actorIdOf(actor) }));

/** paused → active: recipients keep their due times, so whatever fell due while paused is due at once. */
export const resumeCampaign = async (actor: Actor, id: string, now = new Date()) => applied(await transition(byActor(actor), id, 'active', now, {}));

/**
 * active or paused → completed: nothing more is sent. Unfinished schedule rows are marked finished;
 * pending and in-progress recipients keep their state as the record of how far they got.
 */
export const completeCampaign = async (actor: Actor, id: string, now = new Date()) =>
  applied(await transition(byActor(actor), id, 'completed', now, { completedAt: now, completedById: actorIdOf(actor) }));

/**
 * active → completed by Herald once no recipient is pending or in progress (and it has recipients at all: a campaign
 * never snapshotted, such as legacy data, is not ours to close). Returns whether this call completed it.
 */
export async function completeFinishedCampaign(campaignId: string, now = new Date()): Promise<boolean> {
  const found = await db.campaign.findUnique({ where: { id: campaignId }, select: { workspaceId: true, status: true } });
  if (!found || found.status !== 'active') return false;
  const note = 'Every recipient reached the end of the flow';
  const done = await transition({ workspaceId: found.workspaceId, actorId: null, note, byDispatch: true }, campaignId, 'completed', now, { completedAt: now }, async (tx, current) => {
    if (current.status !== 'active') return false;
    const [r] = await tx.$queryRawUnsafe<{ unfinished: boolean; any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE ${UNFINISHED}) AS unfinished,
              EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = $1::uuid) AS any`,
      campaignId,
    );
    return !r.unfinished && r.any;
  });
  return done !== null;
}

/** `PUT /api/campaigns/[id]/status`: routes the requested status to the lifecycle step it means. */
export async function changeCampaignStatus(actor: Actor, id: string, to: CampaignStatus, now = new Date()): Promise<StatusChangeResult> {
  const current = await db.campaign.findFirst({ where: { id, workspaceId: actor.workspaceId }, select: { status: true } });
  if (!current) throw notFound('Campaign');
  const result = await applyStatus(actor, id, current.status, to, now);
  // Activation is its own path; its cached stats (a draft has no recipients yet) go here.
  if (to === 'active' && current.status === 'draft') await cacheInvalidate(id);
  return result;
}

function applyStatus(actor: Actor, id: string, from: CampaignStatus, to: CampaignStatus, now: Date): Promise<StatusChangeResult> {
  if (to === 'active' && from === 'draft') return activateCampaign(actor, id, now);
  if (to === 'active') return resumeCampaign(actor, id, now);
  if (to === 'paused') return pauseCampaign(actor, id, now);
  if (to === 'completed') return completeCampaign(actor, id, now);
  throw transitionRefused(from, to); // nothing ever returns to draft
}
