import { db } from '@/lib/db';
import { countsByChannel } from '@/lib/channels/content';

/** Headline counts of one workspace, straight from PostgreSQL. */
export async function workspaceTotals(workspaceId: string) {
  const [contacts, optedIn, segments, templates, campaigns, sent] = await Promise.all([
    db.contact.count({ where: { workspaceId } }),
    db.contact.count({ where: { workspaceId, marketingOptIn: true, unsubscribedAt: null } }),
    db.segment.count({ where: { workspaceId } }),
    db.template.count({ where: { workspaceId } }),
    db.campaign.groupBy({ by: ['status'], where: { workspaceId }, _count: { _all: true } }),
    db.message.groupBy({ by: ['channel'], where: { workspaceId, sentAt: { not: null } }, _count: { _all: true } }),
  ]);
  const byStatus = Object.fromEntries(campaigns.map((c) => [c.status, c._count._all])) as Partial<Record<string, number>>;
  const sentByChannel = countsByChannel(sent.map((r) => [r.channel, r._count._all] as const));
  return { contacts, optedIn, segments, templates, campaignsByStatus: byStatus, messagesSent: sent.reduce((n, r) => n + r._count._all, 0), sentByChannel };
}
