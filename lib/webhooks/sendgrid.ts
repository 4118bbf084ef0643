import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { badRequest, unauthorized } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import type { FeedbackType } from '@/lib/delivery/feedback';
import type { ProviderEvent } from '@/lib/webhooks/apply';
import { requireFreshTimestamp } from '@/lib/webhooks/timestamp';

export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

let cached: { source: string; key: KeyObject } | undefined;

/** The verification key SendGrid shows in its settings: base64 DER (SPKI) or a PEM block. */
function publicKey(source: string): KeyObject {
  if (cached?.source === source) return cached.key;
  const key = source.includes('BEGIN PUBLIC KEY')
    ? createPublicKey(source)
    : createPublicKey({ key: Buffer.from(source.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  cached = { source, key };
  return key;
}

/**
 * SendGrid's signed Event Webhook: ECDSA P-256 / SHA-256 over `timestamp + raw body`, signature base64 (DER).
 * Throws a 401 for a missing, malformed or wrong signature, a timestamp outside the tolerance (a replay), or when no
 * key is configured.
 */
export function verifySendgridSignature(signature: string | null, timestamp: string | null, body: string, now = new Date()): void {
  const configured = env().SENDGRID_WEBHOOK_PUBLIC_KEY;
  if (!configured) throw unauthorized('SendGrid webhook verification is not configured (SENDGRID_WEBHOOK_PUBLIC_KEY)');
  if (!signature || !timestamp) throw unauthorized('Missing SendGrid signature headers');
  requireFreshTimestamp(timestamp, now);
  let ok = false;
  try {
    ok = createVerify('sha256').update(timestamp + body).verify(publicKey(configured), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw unauthorized('Invalid signature');
}

const TYPES: Record<string, FeedbackType> = {
  delivered: 'delivered',
  open: 'opened',
  click: 'clicked',
  bounce: 'bounced',
  dropped: 'bounced',
  spamreport: 'complained',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

const eventSchema = z.looseObject({
  event: z.string().min(1).max(64),
  timestamp: z.number().int().min(0).max(4_102_444_800), // seconds, up to 2100 (what analytics can store)
  sg_message_id: z.string().max(1000).optional(),
  'smtp-id': z.string().max(1000).optional(),
  herald_message_id: z.uuid().optional(),
  url: z.string().max(2000).optional(),
  reason: z.string().max(2000).optional(),
  response: z.string().max(2000).optional(),
  type: z.string().max(64).optional(),
});

export const sendgridPayloadSchema = z.array(eventSchema).min(1).max(10_000);

/** Parses SendGrid's JSON array; events Herald has no use for (processed, deferred, …) are counted and skipped. */
export function parseSendgridEvents(body: string): { events: ProviderEvent[]; ignored: number } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  const rows = parseWith(sendgridPayloadSchema, json, 'Invalid SendGrid event payload');
  const events: ProviderEvent[] = [];
  let ignored = 0;
  for (const e of rows) {
    const type = TYPES[e.event];
    if (!type) {
      ignored++;
      continue;
    }
    events.push({
      type,
      messageId: e.herald_message_id ?? null,
      providerMessageId: e['smtp-id'] ?? null,
      at: new Date(e.timestamp * 1000),
      url: type === 'clicked' ? e.url : undefined,
      reason: e.reason ?? e.response ?? (e.type ? `${e.event} (${e.type})` : undefined),
    });
  }
  return { events, ignored };
}
