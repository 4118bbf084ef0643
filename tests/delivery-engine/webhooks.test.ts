import { generateKeyPairSync, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { signHeraldWebhook } from '@/lib/webhooks/herald';
import * as herald from '@/app/api/webhooks/herald/route';
import * as sendgrid from '@/app/api/webhooks/sendgrid/route';
import { activeCampaign, startSmtpServer, useSmtp, type SmtpSink, warmUp } from './helpers';
import { countOutboxEvents, forgetOutboxEvents } from '../helpers/outbox';

const SECRET = 'webhook-secret-for-tests-0123456789';
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function post(handler: Handler, body: string, headers: Record<string, string>) {
  const res = await handler(new Request('http://herald.test/api/webhooks/x', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}
const heraldPost = (body: string, signature = signHeraldWebhook(body, SECRET)) => post(herald.POST, body, { 'x-herald-signature': signature });
function sendgridPost(body: string, timestamp = String(Math.floor(Date.now() / 1000))) {
  const signature = createSign('sha256').update(timestamp + body).sign(keys.privateKey).toString('base64');
  return post(sendgrid.POST, body, { 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp });
}

let smtp: SmtpSink;
let c: Awaited<ReturnType<typeof activeCampaign>>;
let messages: { id: string; contactId: string; toAddress: string; providerMessageId: string | null }[];

const eventCount = (messageId: string, type?: string) =>
  countOutboxEvents({}, { entity_id: messageId, ...(type ? { event_type: type } : {}) });
const recipientOf = (m: { contactId: string }) => db.campaignRecipient.findUniqueOrThrow({ where: { campaignId_contactId: { campaignId: c.campaign.id, contactId: m.contactId } } });

beforeAll(async () => {
  await warmUp();
  process.env.HERALD_WEBHOOK_SECRET = SECRET;
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  resetEnvCache();
  smtp = await startSmtpServer();
  await useSmtp(smtp.url);
  c = await activeCampaign({ recipients: 6, steps: 2, waitHours: 1 });
  await dispatchCampaign(c.campaign.id);
  messages = await db.message.findMany({ where: { campaignId: c.campaign.id }, orderBy: { toAddress: 'asc' } });
  expect(messages).toHaveLength(6);
});
afterAll(async () => {
  delete process.env.HERALD_WEBHOOK_SECRET;
  delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  await useSmtp(undefined);
  await smtp.close();
});

describe('Herald signed webhook', () => {
  it('refuses a bad, stale or missing signature with 401 and records nothing', async () => {
    const body = JSON.stringify({ events: [{ type: 'delivered', messageId: messages[0].id }] });
    const stale = signHeraldWebhook(body, SECRET, new Date(Date.now() - 6 * 60_000));
    for (const sig of ['', 't=1,v1=00', signHeraldWebhook(body, 'another-secret-another-secret'), stale, signHeraldWebhook(`${body} `, SECRET)]) {
      expect((await heraldPost(body, sig)).status).toBe(401);
    }
    expect(await eventCount(messages[0].id, 'message_delivered')).toBe(0);
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[0].id } })).toMatchObject({ status: 'sent', deliveredAt: null });
  });

  it('answers 400 to a malformed payload and changes nothing', async () => {
    for (const body of ['not json', '{}', JSON.stringify({ events: [{ type: 'exploded', messageId: messages[0].id }] }), JSON.stringify({ events: [{ type: 'delivered' }] }), JSON.stringify({ events: [{ type: 'delivered', messageId: messages[0].id }, { type: 'opened', messageId: messages[1].id, occurredAt: '9999-01-01T00:00:00Z' }] })]) {
      expect((await heraldPost(body)).status).toBe(400);
    }
    expect(await eventCount(messages[0].id)).toBe(1); // message_sent only
  });

  it('records delivered/open/click; a replayed webhook counts once', async () => {
    const body = JSON.stringify({
      events: [
        { type: 'delivered', messageId: messages[0].id },
        { type: 'opened', providerMessageId: messages[0].providerMessageId },
        { type: 'clicked', messageId: messages[0].id, url: 'https://example.com/x' },
      ],
    });
    expect(await heraldPost(body)).toMatchObject({ status: 200, body: { received: 3, recorded: 3, duplicates: 0 } });
    expect(await heraldPost(body)).toMatchObject({ status: 200, body: { received: 3, recorded: 0, duplicates: 3 } });
    for (const t of ['message_delivered', 'message_opened', 'message_clicked']) expect(await eventCount(messages[0].id, t)).toBe(1);
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[0].id } })).toMatchObject({ status: 'delivered', deliveredAt: expect.any(Date), openedAt: expect.any(Date), clickedAt: expect.any(Date) });
  });

  it('a bounce stops the recipient and suppresses the address; a complaint unsubscribes and refuses', async () => {
    const [bounced, complained] = [messages[1], messages[2]];
    const body = JSON.stringify({ events: [{ type: 'bounced', messageId: bounced.id, reason: '550 5.1.1 user unknown' }, { type: 'complained', messageId: complained.id }] });
    expect(await heraldPost(body)).toMatchObject({ status: 200, body: { recorded: 2 } });
    expect(await db.message.findUniqueOrThrow({ where: { id: bounced.id } })).toMatchObject({ status: 'bounced', failureReason: '550 5.1.1 user unknown' });
    expect(await recipientOf(bounced)).toMatchObject({ state: 'not_reached', nextDueAt: null });
    expect(await db.suppression.findUnique({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: bounced.toAddress } } })).toMatchObject({ reason: 'bounced' });
    expect(await db.message.findUniqueOrThrow({ where: { id: complained.id } })).toMatchObject({ status: 'complained' });
    expect(await recipientOf(complained)).toMatchObject({ state: 'refused' });
    expect(await db.contact.findUniqueOrThrow({ where: { id: complained.contactId } })).toMatchObject({ unsubscribedAt: expect.any(Date) });
    expect(await db.suppression.findUnique({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: complained.toAddress } } })).toMatchObject({ reason: 'complained' });
    expect(await eventCount(bounced.id, 'message_bounced')).toBe(1);
    expect(await eventCount(complained.id, 'message_complained')).toBe(1);
  });

  it('answers 202 for a message it does not know, and logs it', async () => {
    const body = JSON.stringify({ events: [{ type: 'delivered', messageId: crypto.randomUUID() }, { type: 'opened', providerMessageId: '<nobody@nowhere>' }] });
    expect(await heraldPost(body)).toMatchObject({ status: 202, body: { received: 2, unknown: 2, recorded: 0 } });
  });
});

describe('SendGrid Event Webhook', () => {
  const batch = () =>
    JSON.stringify([
      { email: messages[3].toAddress, timestamp: 1_790_000_000, event: 'processed', 'smtp-id': messages[3].providerMessageId, sg_event_id: 'e0' },
      { email: messages[3].toAddress, timestamp: 1_790_000_001, event: 'delivered', 'smtp-id': messages[3].providerMessageId, sg_event_id: 'e1' },
      { email: messages[3].toAddress, timestamp: 1_790_000_100, event: 'open', 'smtp-id': messages[3].providerMessageId, sg_event_id: 'e2' },
      { email: messages[4].toAddress, timestamp: 1_790_000_002, event: 'bounce', type: 'bounce', reason: '550 no mailbox', 'smtp-id': messages[4].providerMessageId, sg_event_id: 'e3' },
      { email: messages[5].toAddress, timestamp: 1_790_000_003, event: 'spamreport', herald_message_id: messages[5].id, sg_event_id: 'e4' },
    ]);

  it('verifies the ECDSA signature: a wrong one is 401 and records nothing', async () => {
    const body = batch();
    const res = await post(sendgrid.POST, body, { 'x-twilio-email-event-webhook-signature': createSign('sha256').update('1' + body).sign(keys.privateKey).toString('base64'), 'x-twilio-email-event-webhook-timestamp': '2' });
    expect(res.status).toBe(401);
    expect((await post(sendgrid.POST, body, {})).status).toBe(401);
    expect(await eventCount(messages[3].id, 'message_delivered')).toBe(0);
  });

  it('applies delivered, open, bounce and spam report; a replay counts once', async () => {
    const body = batch();
    expect(await sendgridPost(body)).toMatchObject({ status: 200, body: { received: 5, ignored: 1, recorded: 4, duplicates: 0 } });
    expect(await sendgridPost(body)).toMatchObject({ status: 200, body: { received: 5, ignored: 1, recorded: 0, duplicates: 4 } });
    expect(await eventCount(messages[3].id, 'message_delivered')).toBe(1);
    expect(await eventCount(messages[3].id, 'message_opened')).toBe(1);
    expect(await db.message.findUniqueOrThrow({ where: { id: messages[3].id } })).toMatchObject({ status: 'delivered', deliveredAt: new Date(1_790_000_001_000) });
    expect(await recipientOf(messages[4])).toMatchObject({ state: 'not_reached' });
    expect(await recipientOf(messages[5])).toMatchObject({ state: 'refused' });
    expect((await post(sendgrid.POST, '[{"event": 1}]', {})).status).toBe(401);
    const malformed = '[{"event": "open"}]';
    expect((await sendgridPost(malformed)).status).toBe(400);
  });
});

describe('a report about a message left in doubt by a crash', () => {
  it('settles sending and uncertain messages to the reported state, found by Herald id or by their stable Message-ID', async () => {
    const d = await activeCampaign({ recipients: 3 });
    await dispatchCampaign(d.campaign.id);
    const [uncertain, sending, bounced] = await db.message.findMany({ where: { campaignId: d.campaign.id }, orderBy: { toAddress: 'asc' } });
    // As a crash leaves them: the acceptance never recorded, so no provider id and no sent_at.
    const inDoubt = { sentAt: null, providerMessageId: null, failureReason: 'uncertain: in flight when its dispatcher stopped' };
    await db.message.update({ where: { id: uncertain.id }, data: { ...inDoubt, status: 'uncertain' } });
    await db.message.updateMany({ where: { id: { in: [sending.id, bounced.id] } }, data: { ...inDoubt, status: 'sending', failureReason: null } });
    await forgetOutboxEvents({ workspaceId: d.campaign.workspaceId }, { source_id: d.campaign.id });
    const stableHeader = (m: typeof sending) => `<${d.campaign.id}.${m.stepIndex}.${m.contactId}@herald.local>`;

    const at = Math.floor(Date.now() / 1000) - 60;
    const body = JSON.stringify([
      { email: uncertain.toAddress, timestamp: at, event: 'delivered', 'smtp-id': stableHeader(uncertain), sg_event_id: 'd1' },
      { email: bounced.toAddress, timestamp: at, event: 'bounce', reason: '550 gone', 'smtp-id': stableHeader(bounced), sg_event_id: 'd2' },
    ]);
    expect(await sendgridPost(body)).toMatchObject({ status: 200, body: { recorded: 2, unknown: 0 } });
    expect(await heraldPost(JSON.stringify({ events: [{ type: 'opened', messageId: sending.id }] }))).toMatchObject({ status: 200, body: { recorded: 1 } });

    expect(await db.message.findUniqueOrThrow({ where: { id: uncertain.id } })).toMatchObject({ status: 'delivered', sentAt: new Date(at * 1000), failureReason: null });
    expect(await db.message.findUniqueOrThrow({ where: { id: sending.id } })).toMatchObject({ status: 'sent', sentAt: expect.any(Date), openedAt: expect.any(Date) });
    expect(await db.message.findUniqueOrThrow({ where: { id: bounced.id } })).toMatchObject({ status: 'bounced', failureReason: '550 gone', sentAt: new Date(at * 1000) });
    for (const m of [uncertain, sending, bounced]) expect(await eventCount(m.id, 'message_sent')).toBe(1);

    const { campaignSummary } = await import('@/lib/analytics/campaign-summary');
    expect(await campaignSummary(d.workspace.id, d.campaign.id)).toMatchObject({ uncertain: 0, sent: 3 });
    // A replay settles nothing twice.
    expect(await sendgridPost(body)).toMatchObject({ status: 200, body: { recorded: 0, duplicates: 2 } });
    for (const m of [uncertain, bounced]) expect(await eventCount(m.id, 'message_sent')).toBe(1);
  });
});
