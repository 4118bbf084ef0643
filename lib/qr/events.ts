import { deterministicEventId, type AnalyticsEventInput } from '@/lib/analytics/events';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface QrRow {
  id: string;
  workspaceId: string;
  campaignId: string;
  contactId: string;
  code: string;
}

/** Which email a QR event belongs to, for analytics: the campaign's flow, and the template and step of its message. */
export interface QrMessageContext {
  flowId: string | null;
  templateId: string | null;
  stepIndex: number | null;
}

/**
 * The context of a code: the campaign's flow and the latest message sent to its contact in that campaign. Why the
 * latest: a code belongs to (campaign, contact), not to one email, and a reader scans the code of the last email.
 */
export async function qrMessageContext(tx: Prisma.TransactionClient, q: QrRow): Promise<QrMessageContext> {
  const [r] = await tx.$queryRawUnsafe<{ flow_id: string | null; template_id: string | null; step_index: number | null }[]>(
    `SELECT c.flow_id::text, m.template_id::text, m.step_index FROM campaigns c
     LEFT JOIN LATERAL (SELECT template_id, step_index FROM messages
       WHERE campaign_id = c.id AND contact_id = $2::uuid AND sent_at IS NOT NULL ORDER BY step_index DESC LIMIT 1) m ON true
     WHERE c.id = $1::uuid`,
    q.campaignId,
    q.contactId,
  );
  return { flowId: r?.flow_id ?? null, templateId: r?.template_id ?? null, stepIndex: r?.step_index == null ? null : Number(r.step_index) };
}

/** A QR event; `nth` makes each scan its own event while a replay of the same scan stays one. */
export function qrEvent(type: 'qr_scanned' | 'qr_redeemed', q: QrRow, ctx: QrMessageContext, at: Date, nth: number, metadata: Record<string, unknown> = {}): AnalyticsEventInput {
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
    workflowId: ctx.flowId,
    templateId: ctx.templateId,
    stepIndex: ctx.stepIndex,
    metadata: { code: q.code, ...metadata },
    occurredAt: at,
  };
}
