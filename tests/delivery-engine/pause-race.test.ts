import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { pauseCampaign, resumeCampaign } from '@/lib/campaigns/status';
import { claimDueRecipients } from '@/lib/delivery/claim';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { activeCampaign, countById, dispatchUntilDone, withSmtpSink } from './helpers';

const { arrivalsOf } = withSmtpSink();

describe('pause, resume and racing dispatchers', () => {
  it('stops sending within 2 s of a pause; resume sends the rest with no duplicates', async () => {
    const c = await activeCampaign({ recipients: 150, sendRateLimit: 40 });
    const running = dispatchCampaign(c.campaign.id);
    while ((await arrivalsOf(c.campaign.id)).length < 20) await new Promise((r) => setTimeout(r, 50));
    await pauseCampaign(c.actor, c.campaign.id);
    const pausedAt = Date.now();
    const stopped = await running;
    expect(stopped.stoppedBecause).toBe('paused');
    await new Promise((r) => setTimeout(r, 2500));
    const before = await arrivalsOf(c.campaign.id);
    expect(before.length).toBeLessThan(150);
    expect(before.filter((a) => a.at > pausedAt + 2000)).toEqual([]);
    // Nothing is left held by the stopped run: unsent recipients are pending again, due as before.
    expect(await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'in_progress' } })).toBe(0);
    expect(await dispatchCampaign(c.campaign.id)).toMatchObject({ stoppedBecause: 'paused', sent: 0 });

    await resumeCampaign(c.actor, c.campaign.id);
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id));
    expect(done.stoppedBecause).toBe('completed');
    const all = await arrivalsOf(c.campaign.id);
    expect(all).toHaveLength(150);
    expect([...countById(all).values()].every((n) => n === 1)).toBe(true);
    expect(await db.message.count({ where: { campaignId: c.campaign.id, status: 'sent' } })).toBe(150);
  });

  it('two dispatchers racing on one campaign send each message once', async () => {
    const c = await activeCampaign({ recipients: 120, steps: 2 });
    const [a, b] = await Promise.all([dispatchCampaign(c.campaign.id, { batchSize: 10 }), dispatchCampaign(c.campaign.id, { batchSize: 10 })]);
    await dispatchUntilDone(() => dispatchCampaign(c.campaign.id));
    expect(a.sent + b.sent).toBe(240);
    const all = await arrivalsOf(c.campaign.id);
    expect(all).toHaveLength(240);
    expect([...countById(all).values()].every((n) => n === 1)).toBe(true);
    expect(await db.deliveryAttempt.count({ where: { message: { campaignId: c.campaign.id } } })).toBe(240);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('a claim whose worker died is taken over after its lease: a queued message is sent once, a sent one is not sent again', async () => {
    const c = await activeCampaign({ recipients: 2 });
    // A worker claims both, writes the message rows, sends one, and dies before any bookkeeping.
    const claimed = await claimDueRecipients(c.campaign.id, 10, 1);
    expect(claimed).toHaveLength(2);
    expect(await claimDueRecipients(c.campaign.id, 10, 1)).toEqual([]); // held
    const [sentOne, queuedOne] = await Promise.all(
      claimed.map((r) => db.message.create({ data: { workspaceId: c.workspace.id, campaignId: c.campaign.id, contactId: r.contactId, stepIndex: 0, templateId: r.templateId, toAddress: r.email } })),
    );
    await db.message.update({ where: { id: sentOne.id }, data: { status: 'sent', sentAt: new Date(), attemptCount: 1 } });
    await new Promise((r) => setTimeout(r, 1100)); // the 1 s lease runs out
    const r = await dispatchCampaign(c.campaign.id);
    expect(r).toMatchObject({ stoppedBecause: 'completed', sent: 1 });
    const all = await arrivalsOf(c.campaign.id);
    expect(all.map((x) => x.messageId)).toEqual([queuedOne.id]);
    expect(await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'completed' } })).toBe(2);
  });
});
