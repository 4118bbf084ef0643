import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { pageById } from '@/lib/http/pagination';
import { recipientStateCounts } from '@/lib/campaigns/tallies';
import type { CampaignListQuery, CampaignPageQuery } from '@/lib/campaigns/schema';

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

const campaignsWhere = (workspaceId: string, status: CampaignListQuery['status']): Prisma.CampaignWhereInput => ({ workspaceId, ...(status ? { status } : {}) });
const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.CampaignOrderByWithRelationInput[];

/** The campaigns screen: newest first, filtered by status, by page number, with the total (and a single template's channel). */
export async function listCampaigns(workspaceId: string, query: CampaignListQuery) {
  const where = campaignsWhere(workspaceId, query.status);
  const [total, items] = await Promise.all([
    db.campaign.count({ where }),
    db.campaign.findMany({ where, orderBy: newestFirst, skip: (query.page - 1) * query.pageSize, take: query.pageSize, select: { ...listSelect, template: { select: { name: true, channel: true } } } }),
  ]);
  return { items, total };
}

/** `GET /api/campaigns`: the same list a cursor page at a time, with the total for "n of m". */
export async function pageCampaigns(workspaceId: string, query: CampaignPageQuery) {
  const where = campaignsWhere(workspaceId, query.status);
  const [total, page] = await Promise.all([
    db.campaign.count({ where }),
    pageById(query, (p) => db.campaign.findMany({ where, orderBy: newestFirst, ...p, select: listSelect })),
  ]);
  return { ...page, total };
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

/**
 * Recipients by state (from the tallies, whatever the audience's size), and excluded ones by reason, for the detail
 * page. Excluded means gets nothing, whether left out at activation or at send time, as in the campaign's count.
 */
export async function recipientBreakdown(workspaceId: string, campaignId: string) {
  // The tallies' total is what the states add up to; the page has no other use for it.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const [{ total, ...byState }, rows] = await Promise.all([
    recipientStateCounts(campaignId),
    db.$queryRaw<{ reason: string; n: number }[]>`
      SELECT coalesce(r.exclusion_reason, 'unknown') AS reason, count(*)::int AS n
      FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.workspace_id = ${workspaceId}::uuid
      WHERE r.campaign_id = ${campaignId}::uuid AND r.state = 'excluded'
      GROUP BY 1 ORDER BY 2 DESC, 1`,
  ]);
  return { byState, exclusions: Object.fromEntries(rows.map((r) => [r.reason, r.n])) as Record<string, number> };
}
