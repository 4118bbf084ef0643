import { readBodyText } from '@/lib/http/parse';
import { applyProviderEvents, type WebhookSummary } from '@/lib/webhooks/apply';
import { HERALD_SIGNATURE_HEADER, parseHeraldWebhook, verifyHeraldSignature } from '@/lib/webhooks/herald';
import { parseSesNotification } from '@/lib/webhooks/ses';
import { confirmSubscription, verifySnsMessage } from '@/lib/webhooks/sns';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, parseSendgridEvents, verifySendgridSignature } from '@/lib/webhooks/sendgrid';

/** The raw body, exactly as signed (a parsed-and-reserialised body would not verify). */
const rawBody = (req: Request) => readBodyText(req);

/** SendGrid's Event Webhook: verified (401, nothing read) before it is parsed (400 when malformed) and applied. */
export async function receiveSendgridWebhook(req: Request): Promise<WebhookSummary> {
  const body = await rawBody(req);
  verifySendgridSignature(req.headers.get(SENDGRID_SIGNATURE_HEADER), req.headers.get(SENDGRID_TIMESTAMP_HEADER), body);
  const { events, ignored } = parseSendgridEvents(body);
  return applyProviderEvents('sendgrid', events, ignored);
}

/** Herald's own signed webhook, for any provider or relay that can compute an HMAC. */
export async function receiveHeraldWebhook(req: Request): Promise<WebhookSummary> {
  const body = await rawBody(req);
  verifyHeraldSignature(req.headers.get(HERALD_SIGNATURE_HEADER), body);
  return applyProviderEvents('webhook', parseHeraldWebhook(body));
}

/**
 * Amazon SES feedback delivered by SNS: the SNS signature is verified first, a subscription is confirmed by visiting
 * its (AWS) SubscribeURL, and a notification's bounce, complaint or delivery goes down the same path as the others.
 */
export async function receiveSesWebhook(req: Request): Promise<WebhookSummary & { subscription?: 'confirmed' }> {
  const m = await verifySnsMessage(await rawBody(req));
  if (m.Type === 'SubscriptionConfirmation') {
    await confirmSubscription(m);
    return { received: 1, recorded: 0, duplicates: 0, unknown: 0, ignored: 0, subscription: 'confirmed' };
  }
  const event = m.Type === 'Notification' ? parseSesNotification(m.Message) : null;
  return applyProviderEvents('ses', event ? [event] : [], event ? 0 : 1);
}
