import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { verifyToken } from '@/lib/tracking/token';
import { recipientsByEmail } from '../campaigns/helpers';
import { activeCampaign, bodyOf, countById, dispatchUntilDone, startSmtpServer, useSmtp, type SmtpSink, warmUp } from './helpers';
import { countOutboxEvents } from '../helpers/outbox';

let smtp: SmtpSink;
/** Addresses the loopback server treats specially, by local part. */
const refusals: Record<string, (tries: number) => [number, string] | null> = {
  flaky: (n) => (n <= 2 ? [n === 1 ? 421 : 451, 'Try again later'] : null),
  busy: () => [451, 'Mailbox busy'],
  gone: () => [550, 'No such user here'],
};

beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpServer({ refuse: (address, n) => refusals[address.split('@')[0]]?.(n) ?? null });
  await useSmtp(smtp.url);
});
afterAll(async () => {
  await useSmtp(undefined);
  await smtp.close();
});

const arrivalsFor = (ids: Set<string>) => smtp.arrivals.filter((a) => ids.has(a.messageId));
const outboxCount = (campaignId: string, type: string) =>
  countOutboxEvents({}, { campaign_id: campaignId, event_type: type });

describe('dispatchCampaign against a real SMTP server', () => {
  it('delivers N recipients × steps exactly once, with full bookkeeping, then completes the campaign', async () => {
    const c = await activeCampaign({ recipients: 40, steps: 2 });
    const r = await dispatchCampaign(c.campaign.id, { batchSize: 16 });
    expect(r).toMatchObject({ stoppedBecause: 'completed', sent: 80, failed: 0, retrying: 0 });

    const messages = await db.message.findMany({ where: { campaignId: c.campaign.id } });
    expect(messages).toHaveLength(80);
    expect(messages.every((m) => m.status === 'sent' && m.sentAt && m.providerMessageId && m.attemptCount === 1)).toBe(true);
    const ids = new Set(messages.map((m) => m.id));
    const arrived = arrivalsFor(ids);
    expect(arrived).toHaveLength(80);
    expect([...countById(arrived).values()].every((n) => n === 1)).toBe(true);

    // The Message-ID is derived from (campaign, step, recipient), so a resent copy carries the same one.
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const a of arrived) {
      const m = byId.get(a.messageId)!;
      const header = /^Message-ID: (\S+)\r?$/im.exec(a.raw)![1];
      expect(header).toMatch(new RegExp(`^<${c.campaign.id}\\.${m.stepIndex}\\.${m.contactId}@[^>]+>$`));
      expect(m.providerMessageId).toBe(header);
    }

    const raw = arrived[0].raw;
    const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:\d+\/t\/u\/[\w-]+\.[\w-]+>\r?$/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const unwrapped = bodyOf(raw);
    const click = /\/t\/c\/([\w-]+\.[\w-]+)/.exec(unwrapped)![1];
    expect(verifyToken(click, 'click')).toEqual({ kind: 'click', id: arrived[0].messageId, url: 'https://example.com/offer?a=1&b=2' });
    expect(unwrapped).toMatch(/\/t\/o\/[\w-]+\.[\w-]+/);

    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: c.campaign.id } });
    expect(recipients.every((x) => x.state === 'completed' && x.nextStep === 2 && x.leaseUntil === null && x.nextDueAt === null)).toBe(true);
    expect(await db.deliveryAttempt.count({ where: { messageId: { in: [...ids] }, outcome: 'success' } })).toBe(80);
    expect(await outboxCount(c.campaign.id, 'message_sent')).toBe(80);

    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } });
    expect(campaign).toMatchObject({ status: 'completed' });
    expect(campaign.completedAt).toBeInstanceOf(Date);
    expect(campaign.firstSentAt!.getTime()).toBeLessThanOrEqual(campaign.lastSentAt!.getTime());
    const log = await db.campaignStatusChange.findMany({ where: { campaignId: c.campaign.id }, orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.fromStatus, l.toStatus, l.actorId])).toEqual([['draft', 'active', c.keyId], ['active', 'completed', null]]);
    expect(await outboxCount(c.campaign.id, 'campaign_completed')).toBe(1);
    expect(await db.campaignStep.count({ where: { campaignId: c.campaign.id, finishedAt: null } })).toBe(0);

    // A replayed job finds nothing to do.
    expect(await dispatchCampaign(c.campaign.id)).toMatchObject({ stoppedBecause: 'completed', sent: 0 });
    expect(arrivalsFor(ids)).toHaveLength(80);
  });

  it('re-checks opt-out at send time: contacts who left since activation are excluded with the reason', async () => {
    const c = await activeCampaign({ recipients: 4 });
    await db.contact.update({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: c.contacts[0].email } }, data: { unsubscribedAt: new Date() } });
    await db.suppression.create({ data: { workspaceId: c.workspace.id, email: c.contacts[1].email, reason: 'bounced' } });
    await db.contact.update({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: c.contacts[2].email } }, data: { marketingOptIn: false } });
    const r = await dispatchCampaign(c.campaign.id);
    expect(r).toMatchObject({ sent: 1, excluded: 3, stoppedBecause: 'completed' });
    const byEmail = await recipientsByEmail(c.campaign.id);
    expect(byEmail.get(c.contacts[0].email)).toMatchObject({ state: 'excluded', exclusionReason: 'unsubscribed' });
    expect(byEmail.get(c.contacts[1].email)).toMatchObject({ state: 'excluded', exclusionReason: 'suppressed:bounced' });
    expect(byEmail.get(c.contacts[2].email)).toMatchObject({ state: 'excluded', exclusionReason: 'no_marketing_opt_in' });
    expect(byEmail.get(c.contacts[3].email)).toMatchObject({ state: 'completed' });
    expect(await db.message.count({ where: { campaignId: c.campaign.id } })).toBe(1);
  });

  it('retries a server that answers 421/451 at first with backoff, then delivers once', async () => {
    const c = await activeCampaign({ recipients: 3 });
    await db.contact.update({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: c.contacts[0].email } }, data: { email: 'flaky@example.test' } });
    const first = await dispatchCampaign(c.campaign.id, { retryBaseMs: 60_000 });
    // The retry is due in a minute; bring it forward instead of waiting.
    await db.campaignRecipient.updateMany({ where: { campaignId: c.campaign.id, state: 'pending' }, data: { nextDueAt: new Date() } });
    expect(first).toMatchObject({ sent: 2, retrying: 1, stoppedBecause: 'idle' });
    expect(first.nextDueAt!.getTime()).toBeGreaterThan(Date.now());
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { retryBaseMs: 400 }));
    expect(done.stoppedBecause).toBe('completed');
    const m = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, toAddress: 'flaky@example.test' }, include: { attempts: { orderBy: { attempt: 'asc' } } } });
    expect(m).toMatchObject({ status: 'sent', attemptCount: 3, nextAttemptAt: null });
    expect(m.attempts.map((a) => [a.attempt, a.outcome, a.code])).toEqual([[1, 'transient_failure', '421'], [2, 'transient_failure', '451'], [3, 'success', null]]);
    expect(smtp.arrivals.filter((a) => a.messageId === m.id)).toHaveLength(1);
  });

  it('gives up after 5 transient failures: message failed, recipient not reached, message_failed event', async () => {
    const c = await activeCampaign({ recipients: 2 });
    await db.contact.update({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: c.contacts[0].email } }, data: { email: 'busy@example.test' } });
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { retryBaseMs: 10 }));
    expect(done.stoppedBecause).toBe('completed');
    const m = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, toAddress: 'busy@example.test' }, include: { attempts: true } });
    expect(m).toMatchObject({ status: 'failed', attemptCount: 5 });
    expect(m.failureReason).toMatch(/451.*gave up after 5 attempts/);
    expect(m.attempts.map((a) => a.outcome)).toEqual(Array(5).fill('transient_failure'));
    expect((await recipientsByEmail(c.campaign.id)).get('busy@example.test')).toMatchObject({ state: 'not_reached' });
    expect(await outboxCount(c.campaign.id, 'message_failed')).toBe(1);
  });

  it('fails a 550 at once: one permanent attempt, recipient not reached, nothing delivered', async () => {
    const c = await activeCampaign({ recipients: 2, steps: 2 });
    await db.contact.update({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: c.contacts[0].email } }, data: { email: 'gone@example.test' } });
    const r = await dispatchCampaign(c.campaign.id, { retryBaseMs: 10 });
    expect(r).toMatchObject({ stoppedBecause: 'completed', failed: 1, sent: 2 });
    const m = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, toAddress: 'gone@example.test' }, include: { attempts: true } });
    expect(m).toMatchObject({ status: 'failed', attemptCount: 1, stepIndex: 0 });
    expect(m.attempts).toMatchObject([{ attempt: 1, outcome: 'permanent_failure', code: '550', reason: expect.stringContaining('No such user') }]);
    expect(smtp.arrivals.some((a) => a.messageId === m.id)).toBe(false);
    // The second step is never tried for a recipient who could not be reached.
    expect(await db.message.count({ where: { campaignId: c.campaign.id, toAddress: 'gone@example.test' } })).toBe(1);
    expect(await outboxCount(c.campaign.id, 'message_failed')).toBe(1);
  });

  it('renders one QR code per recipient when the template shows {{ qr_code }}', async () => {
    const c = await activeCampaign({ recipients: 3, steps: 2, html: '<html><body><p>Your code</p>{{ qr_code }}</body></html>' });
    await dispatchCampaign(c.campaign.id);
    const messages = await db.message.findMany({ where: { campaignId: c.campaign.id } });
    const arrived = arrivalsFor(new Set(messages.map((m) => m.id)));
    expect(arrived).toHaveLength(6);
    const codes = await db.qrCode.findMany({ where: { campaignId: c.campaign.id } });
    expect(codes).toHaveLength(3);
    for (const a of arrived) {
      const body = bodyOf(a.raw);
      expect(body).toContain('data:image/png;base64,');
      expect(codes.some((q) => body.includes(`QR code: ${q.code}`))).toBe(true);
    }
  });

  it('honours the campaign send rate limit', async () => {
    const c = await activeCampaign({ recipients: 30, sendRateLimit: 20 });
    const t0 = Date.now();
    const r = await dispatchCampaign(c.campaign.id);
    expect(r.sent).toBe(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1200); // 20 in the first second's bucket, 10 more at 20/s
  });
});
