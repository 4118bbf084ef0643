import { deterministicEventId, type AnalyticsEventInput } from '@/lib/analytics/events';

export interface QrRow {
  id: string;
  workspaceId: string;
  campaignId: string;
  contactId: string;
  code: string;
}

/** A QR event; `nth` makes each scan its own event while a replay of the same scan stays one. */
export function qrEvent(type: 'qr_scanned' | 'qr_redeemed', q: QrRow, at: Date, nth: number, metadata: Record<string, unknown> = {}): AnalyticsEventInput {
  return {
    id: deterministicEventId([q.id, type, String(nth)]),
    tenantId: q.workspaceId,
    eventType: type,
    entityType: 'qr_code',
    entityId: q.id,
    channel: 'email',
    contactId: q.contactId,
    sourceType: 'campaign',
    sourceId: q.campaignId,
    campaignId: q.campaignId,
    metadata: { code: q.code, ...metadata },
    occurredAt: at,
  };
}
