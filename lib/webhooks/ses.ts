import { z } from 'zod';
import { badRequest } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { MESSAGE_ID_HEADER } from '@/lib/delivery/outgoing';
import type { ProviderEvent } from '@/lib/webhooks/apply';

const at = z.iso.datetime({ offset: true });

// SES notifications (identity notifications use `notificationType`, configuration-set event publishing `eventType`).
const sesSchema = z.looseObject({
  notificationType: z.string().max(64).optional(),
  eventType: z.string().max(64).optional(),
  mail: z.looseObject({
    messageId: z.string().max(1000),
    timestamp: at.optional(),
    headers: z.array(z.object({ name: z.string().max(200), value: z.string().max(2000) })).max(500).optional(),
    commonHeaders: z.looseObject({ messageId: z.string().max(1000).optional() }).optional(),
  }),
  bounce: z.looseObject({ bounceType: z.string().max(64), bounceSubType: z.string().max(64).optional(), timestamp: at, bouncedRecipients: z.array(z.looseObject({ diagnosticCode: z.string().max(2000).optional() })).max(100).optional() }).optional(),
  complaint: z.looseObject({ timestamp: at, complaintFeedbackType: z.string().max(64).optional() }).optional(),
  delivery: z.looseObject({ timestamp: at, smtpResponse: z.string().max(2000).optional() }).optional(),
});

/**
 * One SES notification (the `Message` of an SNS Notification) in Herald's terms, or null when Herald has no use for
 * it. Only a permanent bounce counts as bounced: a transient one (mailbox full, …) must not suppress the address. The
 * message is found by Herald's own header when SES includes the original headers, else by the original Message-ID.
 */
export function parseSesNotification(message: string): ProviderEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw badRequest('The SNS Message is not an SES notification (not JSON)');
  }
  const n = parseWith(sesSchema, json, 'Invalid SES notification');
  const kind = n.notificationType ?? n.eventType;
  const header = n.mail.headers?.find((h) => h.name.toLowerCase() === MESSAGE_ID_HEADER.toLowerCase())?.value;
  const ref = {
    messageId: header && z.uuid().safeParse(header).success ? header : null,
    providerMessageId: n.mail.commonHeaders?.messageId ?? n.mail.messageId,
  };
  if (kind === 'Bounce' && n.bounce) {
    if (n.bounce.bounceType !== 'Permanent') return null;
    const reason = n.bounce.bouncedRecipients?.[0]?.diagnosticCode ?? `${n.bounce.bounceType} bounce (${n.bounce.bounceSubType ?? 'unspecified'})`;
    return { type: 'bounced', ...ref, at: new Date(n.bounce.timestamp), reason };
  }
  if (kind === 'Complaint' && n.complaint) return { type: 'complained', ...ref, at: new Date(n.complaint.timestamp), reason: n.complaint.complaintFeedbackType };
  if (kind === 'Delivery' && n.delivery) return { type: 'delivered', ...ref, at: new Date(n.delivery.timestamp) };
  if (kind === 'Bounce' || kind === 'Complaint' || kind === 'Delivery') throw badRequest(`SES ${kind} notification without its ${kind.toLowerCase()} object`);
  return null;
}
