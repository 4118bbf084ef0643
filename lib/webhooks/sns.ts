import { X509Certificate, createVerify } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { HttpError, badRequest, forbidden, unauthorized } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';

/** The SNS hosts that serve signing certificates and subscription links (China regions end in `.com.cn`). */
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$/;

const text = z.string().max(256 * 1024);
const snsMessageSchema = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(100),
  TopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/, 'Not an SNS topic ARN'),
  Message: text,
  Subject: z.string().max(1000).optional(),
  Timestamp: z.iso.datetime({ offset: true }),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1).max(4096),
  SigningCertURL: z.string().max(2000),
  Token: z.string().max(4096).optional(),
  SubscribeURL: z.string().max(4000).optional(),
  UnsubscribeURL: z.string().max(4000).optional(),
});
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/** The string SNS signs: fixed keys in a fixed order, each followed by its value, one per line (AWS's spec). */
export function snsStringToSign(m: SnsMessage): string {
  const keys =
    m.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('');
}

/** An `https://sns.<region>.amazonaws.com/….pem` URL, or null: a certificate from anywhere else is never fetched. */
export function signingCertUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const ok = url.protocol === 'https:' && SNS_HOST.test(url.hostname) && !url.port && !url.username && !url.password && url.pathname.endsWith('.pem');
  return ok ? url : null;
}

/** A link SNS asks us to visit (SubscribeURL), only over https on an AWS host. */
export function awsLink(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && AWS_HOST.test(url.hostname) && !url.port && !url.username ? url : null;
  } catch {
    return null;
  }
}

async function fetchOverHttps(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const pem = await res.text();
  if (pem.length > 16 * 1024) throw new Error('certificate too large');
  return pem;
}

/**
 * Where signing certificates come from. In production: the validated SNS URL over https (the TLS connection to the
 * SNS host is what vouches for the certificate). Tests point `fetch` at a local self-signed certificate; the URL is
 * validated before it is ever called, so that check is exercised either way.
 */
export const snsCertificates = { fetch: fetchOverHttps };

const certCache = new Map<string, X509Certificate>();

async function certificateFor(url: URL): Promise<X509Certificate> {
  const hit = certCache.get(url.href);
  if (hit) return hit;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await snsCertificates.fetch(url));
  } catch {
    throw new HttpError(502, 'Could not load the SNS signing certificate');
  }
  if (certCache.size > 50) certCache.clear();
  certCache.set(url.href, cert);
  return cert;
}

/** The topics Herald accepts (`SES_SNS_TOPIC_ARNS`): any AWS account can sign SNS messages, so the topic decides. */
function allowedTopics(): string[] {
  return (env().SES_SNS_TOPIC_ARNS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Parses an SNS HTTP(S) delivery and verifies it: 401 when unconfigured, unsigned or wrongly signed, 403 for a topic
 * not configured (checked first, so no certificate is fetched for it), 400 when malformed. Signature version 1 is SHA1withRSA, version 2 SHA256withRSA, over
 * `snsStringToSign`, with the certificate from an SNS host only.
 */
export async function verifySnsMessage(body: string, now = new Date()): Promise<SnsMessage> {
  const topics = allowedTopics();
  if (topics.length === 0) throw unauthorized('Amazon SNS delivery is not configured (SES_SNS_TOPIC_ARNS)');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  const m = parseWith(snsMessageSchema, json, 'Invalid SNS message');
  if (!topics.includes(m.TopicArn)) throw forbidden('Messages from this SNS topic are not accepted');
  const certUrl = signingCertUrl(m.SigningCertURL);
  if (!certUrl) throw unauthorized('SigningCertURL is not an https://sns.<region>.amazonaws.com/….pem URL');
  const cert = await certificateFor(certUrl);
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) throw unauthorized('The SNS signing certificate is not valid now');
  let ok = false;
  try {
    ok = createVerify(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(snsStringToSign(m), 'utf8')
      .verify(cert.publicKey, Buffer.from(m.Signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw unauthorized('Invalid signature');
  return m;
}

/** Confirms a subscription by visiting its SubscribeURL, which must be https on an AWS host. */
export async function confirmSubscription(m: SnsMessage): Promise<void> {
  const url = awsLink(m.SubscribeURL);
  if (!url) throw badRequest('SubscribeURL is not an https amazonaws.com link');
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!res?.ok) throw new HttpError(502, 'Amazon SNS did not confirm the subscription');
}
