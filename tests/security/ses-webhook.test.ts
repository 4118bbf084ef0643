import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { snsCertificates, snsStringToSign, type SnsMessage } from '@/lib/webhooks/sns';
import * as ses from '@/app/api/webhooks/ses/route';
import { activeCampaign, startSmtpServer, useSmtp, type SmtpSink, warmUp } from '../delivery-engine/helpers';
import { countOutboxEvents } from '../helpers/outbox';

// Amazon SES feedback through SNS, signed with a self-signed certificate made here: the certificate fetch is pointed
// at it, everything else (URL rules, signature versions, topics, feedback) is the production path.

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:herald-ses';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';

let dir: string;
let key: string;
let otherKey: string;
let certPem: string;
const fetchedCerts: string[] = [];

function selfSigned(name: string): { key: string; cert: string } {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name}.test`], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

type Fields = Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>;

/** An SNS delivery as AWS sends it, signed with `signer` under signature version `version`. */
function snsBody(fields: Fields, opts: { version?: '1' | '2'; signer?: string; certUrl?: string; tamper?: (m: SnsMessage) => void } = {}): string {
  const m = { ...fields, SignatureVersion: opts.version ?? '2', SigningCertURL: opts.certUrl ?? CERT_URL, Signature: '' } as SnsMessage;
  m.Signature = createSign(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256').update(snsStringToSign(m)).sign(opts.signer ?? key, 'base64');
  opts.tamper?.(m);
  return JSON.stringify(m);
}

const notification = (message: unknown, messageId = randomUUID()): Fields => ({
  Type: 'Notification',
  MessageId: messageId,
  TopicArn: TOPIC,
  Subject: 'Amazon SES Email Event Notification',
  Message: JSON.stringify(message),
  Timestamp: new Date().toISOString(),
});

async function post(body: string) {
  const req = new Request('http://herald.test/api/webhooks/ses', { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' }, body });
  const res = await ses.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

let smtp: SmtpSink;
let c: Awaited<ReturnType<typeof activeCampaign>>;
let messages: { id: string; contactId: string; toAddress: string; providerMessageId: string | null }[];

const mail = (m: { id: string; providerMessageId: string | null }, withHeaders = false) => ({
  messageId: `0102018f-${randomUUID()}-000000`,
  timestamp: new Date().toISOString(),
  commonHeaders: { messageId: withHeaders ? undefined : m.providerMessageId },
  ...(withHeaders ? { headers: [{ name: 'X-Herald-Message-Id', value: m.id }] } : {}),
});
const eventCount = (messageId: string, type: string) =>
  countOutboxEvents({}, { entity_id: messageId, event_type: type });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sns-'));
  const signing = selfSigned('sns');
  key = signing.key;
  certPem = signing.cert;
  otherKey = selfSigned('other').key;
  snsCertificates.fetch = async (url: URL) => {
    fetchedCerts.push(url.href);
    return certPem;
  };
  await warmUp();
  smtp = await startSmtpServer();
  await useSmtp(smtp.url);
  c = await activeCampaign({ recipients: 6, steps: 1 });
  await dispatchCampaign(c.campaign.id);
  messages = await db.message.findMany({ where: { campaignId: c.campaign.id }, orderBy: { toAddress: 'asc' } });
  expect(messages).toHaveLength(6);
  process.env.SES_SNS_TOPIC_ARNS = `arn:aws:sns:us-east-1:123456789012:other, ${TOPIC}`;
  resetEnvCache();
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  delete process.env.SES_SNS_TOPIC_ARNS;
  resetEnvCache();
  await useSmtp(undefined);
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Amazon SES through SNS', () => {
  it('answers 401 when no topic is configured', async () => {
    delete process.env.SES_SNS_TOPIC_ARNS;
    resetEnvCache();
    try {
      expect((await post(snsBody(notification({ notificationType: 'Delivery', mail: mail(messages[0]!), delivery: { timestamp: new Date().toISOString() } })))).status).toBe(401);
    } finally {
      process.env.SES_SNS_TOPIC_ARNS = TOPIC;
      resetEnvCache();
    }
  });

  it('records a delivery (signature version 2) once, however often SNS delivers it', async () => {
    const body = snsBody(notification({ eventType: 'Delivery', mail: mail(messages[0]!), delivery: { timestamp: '2026-12-05T08:00:00.000Z', smtpResponse: '250 ok' } }));
    expect(await post(body)).toMatchObject({ status: 200, body: { received: 1, recorded: 1, duplicates: 0 } });
    for (let i = 0; i < 3; i++) expect(await post(body)).toMatchObject({ status: 200, body: { recorded: 0, duplicates: 1 } });
    expect(await eventCount(messages[0]!.id, 'message_delivered')).toBe(1);
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[0]!.id } })).toMatchObject({ status: 'delivered', deliveredAt: new Date('2026-12-05T08:00:00.000Z') });
    expect(fetchedCerts).toEqual([CERT_URL]); // fetched once, then cached
  });

  it('a permanent bounce (signature version 1) suppresses the address; a transient one changes nothing', async () => {
    const bounce = (bounceType: string) => ({ notificationType: 'Bounce', mail: mail(messages[1]!), bounce: { bounceType, bounceSubType: 'General', timestamp: new Date().toISOString(), bouncedRecipients: [{ emailAddress: messages[1]!.toAddress, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } });
    expect(await post(snsBody(notification(bounce('Transient')), { version: '1' }))).toMatchObject({ status: 200, body: { received: 1, ignored: 1, recorded: 0 } });
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[1]!.id } })).toMatchObject({ status: 'sent' });
    expect(await post(snsBody(notification(bounce('Permanent')), { version: '1' }))).toMatchObject({ status: 200, body: { recorded: 1 } });
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[1]!.id } })).toMatchObject({ status: 'bounced', failureReason: 'smtp; 550 5.1.1 user unknown' });
    expect(await db.suppression.findUnique({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: messages[1]!.toAddress } } })).toMatchObject({ reason: 'bounced' });
  });

  it("a complaint, matched by Herald's own header, unsubscribes the contact", async () => {
    const body = snsBody(notification({ notificationType: 'Complaint', mail: mail(messages[2]!, true), complaint: { timestamp: new Date().toISOString(), complaintFeedbackType: 'abuse' } }));
    expect(await post(body)).toMatchObject({ status: 200, body: { recorded: 1 } });
    expect(await post(body)).toMatchObject({ status: 200, body: { duplicates: 1 } });
    expect(await eventCount(messages[2]!.id, 'message_complained')).toBe(1);
    expect(await db.contact.findUniqueOrThrow({ where: { id: messages[2]!.contactId } })).toMatchObject({ unsubscribedAt: expect.any(Date) });
  });

  it('out of order: a delivery arriving after the bounce leaves the message bounced', async () => {
    const m = messages[4]!;
    const bounce = notification({ notificationType: 'Bounce', mail: mail(m), bounce: { bounceType: 'Permanent', timestamp: '2026-12-05T08:05:00.000Z' } });
    const delivery = notification({ notificationType: 'Delivery', mail: mail(m), delivery: { timestamp: '2026-12-05T08:00:00.000Z' } });
    expect(await post(snsBody(bounce))).toMatchObject({ status: 200, body: { recorded: 1 } });
    expect(await post(snsBody(delivery))).toMatchObject({ status: 200, body: { recorded: 1 } });
    for (const body of [snsBody(bounce), snsBody(delivery)]) expect(await post(body)).toMatchObject({ status: 200, body: { duplicates: 1 } });
    expect(await db.message.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ status: 'bounced' });
    expect(await eventCount(m.id, 'message_bounced')).toBe(1);
    expect(await eventCount(m.id, 'message_delivered')).toBe(1);
  });

  it('refuses a wrong signature with 401 and records nothing', async () => {
    const fields = notification({ eventType: 'Delivery', mail: mail(messages[3]!), delivery: { timestamp: new Date().toISOString() } });
    const bodies = [
      snsBody(fields, { signer: otherKey }),
      snsBody(fields, { version: '1', tamper: (m) => void (m.SignatureVersion = '2') }),
      snsBody(fields, { tamper: (m) => void (m.Message = m.Message.replace('Delivery', 'Bounce')) }),
      snsBody(fields, { tamper: (m) => void (m.Signature = Buffer.from('nope').toString('base64')) }),
    ];
    for (const body of bodies) expect((await post(body)).status).toBe(401);
    expect(await eventCount(messages[3]!.id, 'message_delivered')).toBe(0);
  });

  it('never fetches a certificate from anywhere but https://sns.<region>.amazonaws.com/….pem', async () => {
    const before = fetchedCerts.length;
    const fields = notification({ eventType: 'Delivery', mail: mail(messages[3]!), delivery: { timestamp: new Date().toISOString() } });
    for (const certUrl of [
      'http://sns.eu-west-1.amazonaws.com/cert.pem',
      'https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem',
      'https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem',
      'https://s3.amazonaws.com/bucket/cert.pem',
      'https://sns.eu-west-1.amazonaws.com:8443/cert.pem',
      'https://sns.eu-west-1.amazonaws.com/cert.txt',
      'not a url',
    ]) {
      expect((await post(snsBody(fields, { certUrl }))).status).toBe(401);
    }
    expect(fetchedCerts.length).toBe(before);
    expect(await eventCount(messages[3]!.id, 'message_delivered')).toBe(0);
  });

  it('refuses a correctly signed message from a topic not configured with 403', async () => {
    const fields = { ...notification({ eventType: 'Delivery', mail: mail(messages[3]!), delivery: { timestamp: new Date().toISOString() } }), TopicArn: 'arn:aws:sns:eu-west-1:999999999999:attacker' };
    expect((await post(snsBody(fields))).status).toBe(403);
    expect(await eventCount(messages[3]!.id, 'message_delivered')).toBe(0);
  });

  it('confirms a subscription by visiting its SubscribeURL, only an https amazonaws.com one', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('<ConfirmSubscriptionResponse/>'));
    const confirmation = (SubscribeURL: string): Fields => ({
      Type: 'SubscriptionConfirmation',
      MessageId: randomUUID(),
      TopicArn: TOPIC,
      Token: 'token-123',
      SubscribeURL,
      Message: 'You have chosen to subscribe to the topic.',
      Timestamp: new Date().toISOString(),
    });
    const good = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=token-123`;
    expect(await post(snsBody(confirmation(good)))).toMatchObject({ status: 200, body: { subscription: 'confirmed' } });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(String(fetchSpy.mock.calls[0]![0])).toBe(new URL(good).href);
    for (const bad of ['http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription', 'https://evil.example/?Action=ConfirmSubscription', 'https://amazonaws.com.evil.example/']) {
      expect((await post(snsBody(confirmation(bad)))).status).toBe(400);
    }
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('answers 400 to malformed bodies and 202 to an unknown message', async () => {
    expect((await post('not json')).status).toBe(400);
    expect((await post('{}')).status).toBe(400);
    expect((await post(snsBody({ ...notification({}), Message: 'not json' }))).status).toBe(400);
    expect((await post(snsBody(notification({ notificationType: 'Bounce', mail: { messageId: 'x' } })))).status).toBe(400);
    const unknown = { id: randomUUID(), providerMessageId: '<nobody@nowhere.example>' };
    expect(await post(snsBody(notification({ eventType: 'Delivery', mail: mail(unknown), delivery: { timestamp: new Date().toISOString() } })))).toMatchObject({ status: 202, body: { unknown: 1 } });
  });
});
