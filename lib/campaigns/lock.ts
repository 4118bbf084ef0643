import { notFound } from '@/lib/http/errors';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * Locks a campaign row for the rest of the transaction and reads it fresh: two status changes racing on one
 * campaign run one after the other, and the second sees what the first did (so it gets its 409).
 */
export async function lockCampaign(tx: Prisma.TransactionClient, workspaceId: string, id: string) {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM campaigns WHERE id = $1::uuid AND workspace_id = $2::uuid FOR UPDATE`,
    id,
    workspaceId,
  );
  if (rows.length === 0) throw notFound('Campaign');
  return tx.campaign.findUniqueOrThrow({ where: { id } });
}

/** Marks every unfinished schedule row finished: nothing more will be sent for this campaign. */
export function finishSchedule(tx: Prisma.TransactionClient, campaignId: string, at: Date) {
  return tx.campaignStep.updateMany({ where: { campaignId, finishedAt: null }, data: { finishedAt: at } });
}
