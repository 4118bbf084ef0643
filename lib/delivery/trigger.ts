import { inngest } from '@/inngest/client';
import { usesInngest } from '@/lib/env';
import { triggerJob } from '@/lib/jobs';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';
import { dispatchCampaignJob } from '@/lib/delivery/jobs';
import { nextClaimableAt } from '@/lib/delivery/progress';

/** Inngest events of the campaign lifecycle: activation starts `campaign-execution`, pause and completion cancel it. */
export const CAMPAIGN_EVENTS = {
  activated: 'herald/campaign.activated',
  paused: 'herald/campaign.paused',
  completed: 'herald/campaign.completed',
} as const;

interface ChangedCampaign {
  id: string;
  workspaceId: string;
  status: CampaignStatus;
}

/**
 * Called once a status change has committed. An active campaign (activated or resumed) gets its dispatch scheduled
 * for its first due time: a `campaigns.dispatch` job locally, the `herald/campaign.activated` event on Inngest.
 * Pauses and completions are announced on Inngest so the running function is cancelled (dispatch also re-reads the
 * status before every batch, so this is not what stops the sending). A failure here is logged, never thrown: the
 * change is already made, and the dispatch-due backstop finds the campaign within seconds.
 */
export async function campaignStatusChanged(campaign: ChangedCampaign, firstDueAt?: Date | null): Promise<void> {
  try {
    const data = { campaignId: campaign.id, workspaceId: campaign.workspaceId };
    if (campaign.status === 'active') {
      const runAt = firstDueAt === undefined ? await nextClaimableAt(campaign.id) : firstDueAt;
      if (usesInngest()) await inngest.send({ name: CAMPAIGN_EVENTS.activated, data: { ...data, runAt: runAt?.toISOString() ?? null } });
      else await triggerJob(dispatchCampaignJob, data, runAt ? { runAt } : {});
    } else if (usesInngest() && (campaign.status === 'paused' || campaign.status === 'completed')) {
      await inngest.send({ name: CAMPAIGN_EVENTS[campaign.status], data });
    }
  } catch (err) {
    console.error(`[delivery] could not schedule dispatch of campaign ${campaign.id}; the dispatch-due backstop will`, err);
  }
}
