import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { badRequest, unauthorized } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import type { ProviderEvent } from '@/lib/webhooks/apply';
import { requireFreshTimestamp } from '@/lib/webhooks/timestamp';

export const HERALD_SIGNATURE_HEADER = 'x-herald-signature';

const hmacHex = (secret: string, timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** `X-Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` for a body, as a sender computes it. */
export function signHeraldWebhook(body: string, secret: string, at = new Date()): string {
  const t = String(Math.floor(at.getTime() / 1000));
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** Throws a 401 unless the header signs exactly this body with HERALD_WEBHOOK_SECRET within the tolerance. */
export function verifyHeraldSignature(header: string | null, body: string, now = new Date()): void {
  const secret = env().HERALD_WEBHOOK_SECRET;
  if (!secret) throw unauthorized('Webhook signing is not configured (HERALD_WEBHOOK_SECRET)');
  const parts = (header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v);
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) throw unauthorized('Missing or malformed X-Herald-Signature');
  requireFreshTimestamp(t, now);
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  const ok = signatures.some((s) => /^[0-9a-f]{64}$/i.test(s) && timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!ok) throw unauthorized('Invalid signature');
}

const eventSchema = z
  .object({
    type: z.enum(['delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed']),
    messageId: z.uuid().optional(),
    providerMessageId: z.string().trim().min(1).max(998).optional(),
    occurredAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) >= 0 && Date.parse(v) < Date.UTC(2106, 0, 1), 'occurredAt out of range')
      .optional(),
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    reason: z.string().max(1000).optional(),
  })
  .refine((e) => e.messageId || e.providerMessageId, { message: 'Give messageId or providerMessageId', path: ['messageId'] });

export const heraldWebhookSchema = z.object({ events: z.array(eventSchema).min(1).max(1000) });

/** Parses a verified body; anything malformed is a 400 with field errors. */
export function parseHeraldWebhook(body: string, now = new Date()): ProviderEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  return parseWith(heraldWebhookSchema, json, 'Invalid webhook payload').events.map((e) => ({
    type: e.type,
    messageId: e.messageId,
    providerMessageId: e.providerMessageId,
    at: e.occurredAt ? new Date(e.occurredAt) : now,
    url: e.url,
    reason: e.reason,
  }));
}
