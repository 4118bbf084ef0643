import { deterministicEventId, type AnalyticsEventInput, type AnalyticsEventType } from '@/lib/analytics/events';
import { recordEvents } from '@/lib/analytics/outbox';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';

export interface StatusChange {
  workspaceId: string;
  campaignId: string;
  from: CampaignStatus;
  to: CampaignStatus;
  actorId: string | null;
  note?: string | null;
  at: Date;
}

/**
 * The analytics event a status change emits. Only starts and completions have an event type in the
 * analytics contract (`EVENT_TYPES`); pauses and resumes live in the audit log alone.
 */
export function campaignEventType(from: CampaignStatus, to: CampaignStatus): AnalyticsEventType | null {
  if (from === 'draft' && to === 'active') return 'campaign_started';
  if (to === 'completed') return 'campaign_completed';
  return null;
}

/** The analytics event of a status change, in the shape `analyticsEventSchema` accepts. */
export function campaignEvent(id: string, eventType: AnalyticsEventType, change: StatusChange): AnalyticsEventInput {
  return {
    id,
    tenantId: change.workspaceId,
    eventType,
    entityType: 'campaign',
    entityId: change.campaignId,
    channel: 'email',
    sourceType: 'campaign',
    sourceId: change.campaignId,
    campaignId: change.campaignId,
    metadata: { from: change.from, to: change.to, actorId: change.actorId },
    occurredAt: change.at.toISOString(),
  };
}

/**
 * Writes the audit row and, in the same transaction, the analytics outbox row (through the outbox's own
 * writer, which stores the ClickHouse row and skips an id it already has). The event id is a UUIDv5 of
 * (campaign, event, audit row id), so replaying the same change can never add a second event.
 */
export async function recordStatusChange(tx: Prisma.TransactionClient, change: StatusChange): Promise<void> {
  const row = await tx.campaignStatusChange.create({
    data: {
      campaignId: change.campaignId,
      workspaceId: change.workspaceId,
      fromStatus: change.from,
      toStatus: change.to,
      actorId: change.actorId,
      note: change.note ?? null,
      createdAt: change.at,
    },
    select: { id: true },
  });
  const eventType = campaignEventType(change.from, change.to);
  if (!eventType) return;
  const id = deterministicEventId([change.campaignId, eventType, row.id.toString()]);
  await recordEvents(tx, [campaignEvent(id, eventType, change)]);
}
