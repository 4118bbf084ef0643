import { deterministicEventId, type AnalyticsEventInput, type AnalyticsEventType } from '@/lib/analytics/events';

/** What an analytics event needs to know about the message it is about. */
export interface MessageRef {
  id: string;
  workspaceId: string;
  campaignId: string;
  contactId: string;
  stepIndex: number;
  templateId: string | null;
  /** The campaign's flow: analytics keeps it as the workflow the message belongs to. */
  flowId: string | null;
}

/** The id of a message-level event: one per (message, type), so a replay, a second pixel load or a retried webhook is the same event. */
export const messageEventId = (messageId: string, type: AnalyticsEventType) => deterministicEventId([messageId, type]);

/** A message event in the analytics contract's shape. */
export function messageEvent(type: AnalyticsEventType, m: MessageRef, at: Date, metadata: Record<string, unknown> = {}): AnalyticsEventInput {
  return {
    id: messageEventId(m.id, type),
    tenantId: m.workspaceId,
    eventType: type,
    entityType: 'message',
    entityId: m.id,
    channel: 'email',
    contactId: m.contactId,
    sourceType: 'campaign',
    sourceId: m.campaignId,
    campaignId: m.campaignId,
    workflowId: m.flowId,
    templateId: m.templateId,
    stepIndex: m.stepIndex,
    metadata,
    occurredAt: at,
  };
}
