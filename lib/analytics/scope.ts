/**
 * PostgreSQL lookups behind the analytics answers: an id in a filter must name something in the caller's
 * workspace (else 404, like any other tenant's object), and ids found in events get their names here.
 */
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import { isUuid } from '@/lib/ids';

/** Event ids that can be rows of ours: anything else (an integration's own id) cannot be a uuid column value. */
const uuids = (ids: readonly string[]) => [...new Set(ids.filter(isUuid))];

export async function campaignOf(workspaceId: string, id: string) {
  const campaign = await db.campaign.findFirst({
    where: { id, workspaceId },
    select: { id: true, name: true, status: true, flowId: true, templateId: true, targetedCount: true, excludedCount: true, activatedAt: true, pausedAt: true, completedAt: true, createdAt: true, firstSentAt: true, lastSentAt: true },
  });
  if (!campaign) throw notFound('Campaign');
  return campaign;
}

export async function templateOf(workspaceId: string, id: string) {
  const template = await db.template.findFirst({ where: { id, workspaceId }, select: { id: true, name: true } });
  if (!template) throw notFound('Template');
  return template;
}

export async function flowOf(workspaceId: string, id: string) {
  const flow = await db.flow.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  return flow;
}

/** Names and statuses of the workspace's campaigns among `ids`. */
export async function campaignsByIds(workspaceId: string, ids: readonly string[]) {
  const wanted = uuids(ids);
  if (wanted.length === 0) return new Map<string, { name: string; status: string }>();
  const rows = await db.campaign.findMany({ where: { workspaceId, id: { in: wanted } }, select: { id: true, name: true, status: true } });
  return new Map(rows.map((r) => [r.id, { name: r.name, status: r.status as string }]));
}

export async function templateNames(workspaceId: string, ids: readonly string[]) {
  const wanted = uuids(ids);
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.template.findMany({ where: { workspaceId, id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The workspace's contacts among `ids`, for drill-down lists. */
export async function contactsByIds(workspaceId: string, ids: readonly string[]) {
  const wanted = uuids(ids);
  if (wanted.length === 0) return new Map<string, { email: string; firstName: string | null; lastName: string | null }>();
  const rows = await db.contact.findMany({ where: { workspaceId, id: { in: wanted } }, select: { id: true, email: true, firstName: true, lastName: true } });
  return new Map(rows.map((r) => [r.id, { email: r.email, firstName: r.firstName, lastName: r.lastName }]));
}
