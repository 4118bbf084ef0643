import { db } from '@/lib/db';
import { badRequest, conflict, notFound } from '@/lib/http/errors';
import type { Actor } from '@/lib/auth/context';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';
import { actorIdOf } from '@/lib/campaigns/actor';
import { resolveCampaignReferences } from '@/lib/campaigns/references';
import type { CampaignPatch, DraftCampaign } from '@/lib/campaigns/schema';

/** Only drafts are edited or deleted: an activated campaign's audience and schedule are frozen. */
export const notDraft = (status: CampaignStatus) =>
  conflict(`Only draft campaigns can be changed or deleted; this one is ${status}`, { status });

/** Stores a draft; a missing flow is dropped with a warning (seed 001), a missing segment or template is a 400. */
export async function createCampaign(actor: Actor, input: DraftCampaign) {
  const { flowId, warnings } = await resolveCampaignReferences(actor.workspaceId, input);
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId }, select: { timeZone: true } });
  const campaign = await db.campaign.create({
    data: {
      workspaceId: actor.workspaceId,
      name: input.name,
      description: input.description ?? null,
      segmentId: input.segmentId,
      flowId: flowId ?? null,
      templateId: input.templateId ?? null,
      startDate: input.startDate ?? null,
      startTimeOfDay: input.startTimeOfDay ?? '09:00',
      timeZone: input.timeZone ?? workspace.timeZone,
      useRecipientTimeZone: input.useRecipientTimeZone ?? false,
      sendRateLimit: input.sendRateLimit ?? null,
      quietHours: input.quietHours ?? 'workspace',
      quietHoursStart: input.quietHoursStart ?? null,
      quietHoursEnd: input.quietHoursEnd ?? null,
      cappedSends: input.cappedSends ?? 'defer',
      holdoutPercent: input.holdoutPercent ?? 0,
      createdById: actorIdOf(actor),
    },
  });
  return { campaign, warnings };
}

async function draftOf(workspaceId: string, id: string) {
  const campaign = await db.campaign.findFirst({ where: { id, workspaceId }, select: { status: true, flowId: true, templateId: true } });
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'draft') throw notDraft(campaign.status);
  return campaign;
}

/** Changes a draft; the status guard in the UPDATE makes a racing activation win cleanly (then this is a 409). */
export async function updateCampaign(actor: Actor, id: string, patch: CampaignPatch) {
  const current = await draftOf(actor.workspaceId, id);
  const { flowId, warnings } = await resolveCampaignReferences(actor.workspaceId, patch, 'saved');
  const data = { ...patch, ...(flowId !== undefined ? { flowId } : {}) };
  const touchesContent = 'flowId' in patch || 'templateId' in patch;
  const nextFlow = data.flowId !== undefined ? data.flowId : current.flowId;
  const nextTemplate = data.templateId !== undefined ? data.templateId : current.templateId;
  if (touchesContent && !nextFlow && !nextTemplate && !warnings.length) {
    throw badRequest('Invalid request', { templateId: ['Choose a template, or a flow'] });
  }
  const { count } = await db.campaign.updateMany({ where: { id, workspaceId: actor.workspaceId, status: 'draft' }, data });
  if (count === 0) await draftOf(actor.workspaceId, id);
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id } });
  return { campaign, warnings };
}

/** Deletes a draft; anything else has history worth keeping. */
export async function deleteCampaign(actor: Actor, id: string) {
  const { count } = await db.campaign.deleteMany({ where: { id, workspaceId: actor.workspaceId, status: 'draft' } });
  if (count === 0) await draftOf(actor.workspaceId, id);
  return { deleted: true };
}
