import { db } from '@/lib/db';
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

/** Recipients still on their way through the flow (SQL over `campaign_recipients`, campaign id as `$1`). */
export const UNFINISHED = `campaign_id = $1::uuid AND state IN ('pending', 'in_progress')`;

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
