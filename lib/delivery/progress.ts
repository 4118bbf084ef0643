import { db } from '@/lib/db';
import { assertTransition } from '@/lib/campaigns/transitions';
import { finishSchedule, lockCampaign } from '@/lib/campaigns/lock';
import { recordStatusChange } from '@/lib/campaigns/status-log';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';

export interface DispatchCampaignState {
  workspaceId: string;
  status: CampaignStatus;
  sendRateLimit: number | null;
}

/** The campaign as dispatch needs it, read fresh (before every batch, and during long ones). */
export function readCampaignState(campaignId: string): Promise<DispatchCampaignState | null> {
  return db.campaign.findUnique({ where: { id: campaignId }, select: { workspaceId: true, status: true, sendRateLimit: true } });
}

const UNFINISHED = `campaign_id = $1::uuid AND state IN ('pending', 'in_progress')`;

/**
 * When a dispatcher should look again: the earliest time an unfinished recipient becomes claimable (its due time,
 * or its lease's end when another dispatcher holds it), or null when nobody is left.
 */
export async function nextClaimableAt(campaignId: string): Promise<Date | null> {
  const [row] = await db.$queryRawUnsafe<{ at: Date | string | null }[]>(
    `SELECT min(GREATEST(next_due_at, COALESCE(lease_until, next_due_at))) AS at FROM campaign_recipients WHERE ${UNFINISHED}`,
    campaignId,
  );
  return row?.at ? new Date(row.at) : null;
}

/**
 * active → completed once no recipient is pending or in progress (and it has recipients at all), through the same pieces a manual completion
 * uses (row lock, transition check, finished schedule, audit row and its campaign_completed event), so the rule
 * lives once. Returns whether this call completed it.
 */
export async function completeIfFinished(campaignId: string, now = new Date()): Promise<boolean> {
  const ws = await db.campaign.findUnique({ where: { id: campaignId }, select: { workspaceId: true, status: true } });
  if (!ws || ws.status !== 'active') return false;
  return db.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, ws.workspaceId, campaignId);
    if (campaign.status !== 'active') return false;
    // A campaign with no recipient rows at all was never snapshotted (seeded or legacy data): not ours to close.
    const [r] = await tx.$queryRawUnsafe<{ unfinished: boolean; any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE ${UNFINISHED}) AS unfinished,
              EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = $1::uuid) AS any`,
      campaignId,
    );
    if (r.unfinished || !r.any) return false;
    assertTransition(campaign.status, 'completed');
    await tx.campaign.update({ where: { id: campaignId }, data: { status: 'completed', completedAt: now } });
    await finishSchedule(tx, campaignId, now);
    await recordStatusChange(tx, {
      workspaceId: campaign.workspaceId,
      campaignId,
      from: 'active',
      to: 'completed',
      actorId: null,
      note: 'Every recipient reached the end of the flow',
      at: now,
    });
    return true;
  });
}
