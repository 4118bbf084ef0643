import { db } from '@/lib/db';
import { badRequest, notFound } from '@/lib/http/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { CampaignListQuery } from '@/lib/campaigns/schema';

const listSelect = {
  id: true,
  name: true,
  status: true,
  startDate: true,
  startTimeOfDay: true,
  timeZone: true,
  targetedCount: true,
  excludedCount: true,
  scheduledCount: true,
  createdAt: true,
  activatedAt: true,
  completedAt: true,
  segment: { select: { id: true, name: true } },
  flow: { select: { id: true, name: true } },
} satisfies Prisma.CampaignSelect;

// A cursor is the last row's (createdAt, id), so pages stay stable while campaigns are added.
const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw badRequest('Invalid request', { cursor: ['Invalid cursor'] });
  return { createdAt, id };
}

/** Campaigns newest first, filtered by status; pages by number, or by cursor when one is given. */
export async function listCampaigns(workspaceId: string, query: CampaignListQuery) {
  const where: Prisma.CampaignWhereInput = { workspaceId, ...(query.status ? { status: query.status } : {}) };
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const pageWhere: Prisma.CampaignWhereInput = after
    ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
    : where;
  const [total, rows] = await Promise.all([
    db.campaign.count({ where }),
    db.campaign.findMany({
      where: pageWhere,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: after ? 0 : (query.page - 1) * query.pageSize,
      take: query.pageSize + 1,
      select: listSelect,
    }),
  ]);
  const items = rows.slice(0, query.pageSize);
  const nextCursor = rows.length > query.pageSize ? encodeCursor(items[items.length - 1]) : null;
  return { items, total, page: after ? null : query.page, pageSize: query.pageSize, nextCursor };
}

export type CampaignListItem = Awaited<ReturnType<typeof listCampaigns>>['items'][number];

/** One campaign with what it points at and its schedule rows; another workspace's campaign is a 404. */
export async function getCampaign(workspaceId: string, id: string) {
  const campaign = await db.campaign.findFirst({
    where: { id, workspaceId },
    include: {
      segment: { select: { id: true, name: true } },
      flow: { select: { id: true, name: true } },
      template: { select: { id: true, name: true } },
      schedule: { orderBy: [{ stepIndex: 'asc' }, { timeZone: 'asc' }] },
    },
  });
  if (!campaign) throw notFound('Campaign');
  return campaign;
}

/** The audit trail of status changes, oldest first, with who made each (a member's name or an API key's). */
export async function campaignStatusHistory(workspaceId: string, campaignId: string) {
  const rows = await db.campaignStatusChange.findMany({ where: { workspaceId, campaignId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((a): a is string => Boolean(a)))];
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: actorIds }, workspaceId }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.name] as const), ...keys.map((k) => [k.id, `API key “${k.name}”`] as const)]);
  return rows.map((r) => ({
    id: r.id.toString(),
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    actorId: r.actorId,
    actorName: r.actorId ? (names.get(r.actorId) ?? 'Unknown') : 'System',
    note: r.note,
    createdAt: r.createdAt,
  }));
}

export type CampaignHistoryEntry = Awaited<ReturnType<typeof campaignStatusHistory>>[number];

/** Recipients by state, and excluded ones by reason, for the detail page. */
export async function recipientBreakdown(workspaceId: string, campaignId: string) {
  const rows = await db.campaignRecipient.groupBy({
    by: ['state', 'exclusionReason'],
    where: { campaignId, workspaceId },
    _count: { _all: true },
  });
  const byState: Record<string, number> = {};
  const exclusions: Record<string, number> = {};
  for (const r of rows) {
    byState[r.state] = (byState[r.state] ?? 0) + r._count._all;
    if (r.exclusionReason) exclusions[r.exclusionReason] = (exclusions[r.exclusionReason] ?? 0) + r._count._all;
  }
  return { byState, exclusions };
}
