import { db } from '@/lib/db';

/** Headline counts of one workspace, straight from PostgreSQL. */
export async function workspaceTotals(workspaceId: string) {
  const [contacts, optedIn, segments, templates, campaigns, sent] = await Promise.all([
    db.contact.count({ where: { workspaceId } }),
    db.contact.count({ where: { workspaceId, marketingOptIn: true, unsubscribedAt: null } }),
    db.segment.count({ where: { workspaceId } }),
    db.template.count({ where: { workspaceId } }),
    db.campaign.groupBy({ by: ['status'], where: { workspaceId }, _count: { _all: true } }),
    db.message.count({ where: { workspaceId, sentAt: { not: null } } }),
  ]);
  const byStatus = Object.fromEntries(campaigns.map((c) => [c.status, c._count._all])) as Partial<Record<string, number>>;
  return { contacts, optedIn, segments, templates, campaignsByStatus: byStatus, messagesSent: sent };
}
