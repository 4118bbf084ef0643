'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { runAction, type ActionState } from '@/lib/http/action';
import { badRequest } from '@/lib/http/errors';
import { parseId } from '@/lib/http/ids';
import { parseWith } from '@/lib/http/parse';
import { audienceSchema, builderStepSchemas, campaignStatusSchema } from '@/lib/campaigns/schema';
import { createCampaign, deleteCampaign, updateCampaign } from '@/lib/campaigns/crud';
import { changeCampaignStatus } from '@/lib/campaigns/status';
import { chooseWinner } from '@/lib/engagement/experiments';

const builderStep = z.enum(['audience', 'content', 'schedule']);

export type SavedDraft = { id: string; warnings: string[] };

/** Saves one builder step: the first save creates the draft, later ones patch it. */
export async function saveCampaignStepAction(campaignId: string | null, step: string, values: unknown): Promise<ActionState<SavedDraft>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/campaigns/actions', 'saveCampaignStepAction'));
    const which = parseWith(builderStep, step);
    const input = parseWith(builderStepSchemas[which], values, 'Please fix the highlighted fields');
    if (!campaignId && which !== 'audience') throw badRequest('Choose the audience first');
    const { campaign, warnings } = campaignId
      ? await updateCampaign(actor, parseId(campaignId, 'Campaign'), input)
      : await createCampaign(actor, parseWith(audienceSchema, values));
    revalidatePath('/campaigns');
    return { id: campaign.id, warnings };
  }, 'Draft saved');
}

export type StatusOutcome = { status: string; targeted?: number; excluded?: number; messagesToSend?: number; firstSendAt?: string | null };

/** Activate, pause, resume or complete. */
export async function changeCampaignStatusAction(campaignId: string, status: string): Promise<ActionState<StatusOutcome>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/campaigns/actions', 'changeCampaignStatusAction'));
    const result = await changeCampaignStatus(actor, parseId(campaignId, 'Campaign'), parseWith(campaignStatusSchema, status));
    revalidatePath('/campaigns');
    revalidatePath(`/campaigns/${campaignId}`);
    if (!('targeted' in result)) return { status: result.campaign.status };
    return {
      status: result.campaign.status,
      targeted: result.targeted,
      excluded: result.excluded,
      messagesToSend: result.messagesToSend,
      firstSendAt: result.firstSendAt?.toISOString() ?? null,
    };
  });
}

export async function deleteCampaignAction(campaignId: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/campaigns/actions', 'deleteCampaignAction'));
    await deleteCampaign(actor, parseId(campaignId, 'Campaign'));
    revalidatePath('/campaigns');
    redirect('/campaigns');
  });
}

export async function chooseWinnerAction(campaignId: string, stepIndex: number, variant: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/campaigns/actions', 'chooseWinnerAction'));
    await chooseWinner(actor, parseId(campaignId, 'Campaign'), z.number().int().min(0).parse(stepIndex), String(variant));
    revalidatePath(`/campaigns/${campaignId}/dashboard`);
  }, 'Winner chosen: the rest of the audience gets it next');
}
