import { conflict, notFound } from '@/lib/http/errors';
import type { Prisma } from '@/lib/generated/prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * Locks a flow for editing and refuses when an active or paused campaign sends it.
 * Activation reads a flow under `lockFlowSteps` (FOR SHARE), so an edit and an activation never interleave.
 */
export async function lockEditableFlow(tx: Tx, workspaceId: string, flowId: string): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM flows WHERE id = $1::uuid AND workspace_id = $2::uuid FOR UPDATE`,
    flowId,
    workspaceId,
  );
  if (rows.length === 0) throw notFound('Flow');
  const running = await tx.campaign.findMany({
    where: { flowId, workspaceId, status: { in: ['active', 'paused'] } },
    select: { id: true, name: true, status: true },
    orderBy: { name: 'asc' },
  });
  if (running.length === 0) return;
  const names = running.map((c) => `“${c.name}” (${c.status})`).join(', ');
  throw conflict(`This flow is used by ${names}, so it cannot change; copy it and edit the copy instead`, {
    campaigns: running,
    copy: `/api/flows/${flowId}/copy`,
  });
}

/** The flow's steps in order, read under a share lock that holds off edits until the reader's transaction ends. */
export async function lockFlowSteps(tx: Tx, flowId: string) {
  await tx.$queryRawUnsafe(`SELECT id FROM flows WHERE id = $1::uuid FOR SHARE`, flowId);
  return tx.flowStep.findMany({ where: { flowId }, orderBy: { position: 'asc' } });
}
