import { signalJobs, triggerJob } from '@/lib/jobs';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';
import { dispatchCampaignJob } from '@/lib/delivery/jobs';
import { nextClaimableAt } from '@/lib/delivery/progress';
import { logError } from '@/lib/log';

interface ChangedCampaign {
  id: string;
  workspaceId: string;
  status: CampaignStatus;
}

/**
 * Called once a status change has committed. An active campaign (activated or resumed) gets its dispatch scheduled
 * for its first due time; a pause or completion cancels the dispatch waiting for it (dispatch also re-reads the status
 * before every batch, so this is not what stops the sending). A failure here is logged, never thrown: the change is
 * already made, and the dispatch-due backstop finds the campaign within a minute.
 */
export async function campaignStatusChanged(campaign: ChangedCampaign, firstDueAt?: Date | null): Promise<void> {
  try {
    const data = { campaignId: campaign.id, workspaceId: campaign.workspaceId };
    if (campaign.status === 'active') {
      const runAt = firstDueAt === undefined ? await nextClaimableAt(campaign.id) : firstDueAt;
      await triggerJob(dispatchCampaignJob, data, runAt ? { runAt } : {});
    } else if (campaign.status === 'paused' || campaign.status === 'completed') {
      await signalJobs(`campaign.${campaign.status}`, { campaignId: campaign.id });
    }
  } catch (err) {
    logError(`[delivery] could not schedule dispatch of campaign ${campaign.id}; the dispatch-due backstop will`, err);
  }
}
