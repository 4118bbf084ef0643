import { fork } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { claimDueRecipients } from '@/lib/delivery/claim';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { ClaimLease } from '@/lib/delivery/lease';
import { applyOutcomes, BatchOutcomes } from '@/lib/delivery/outcomes';
import { createSmtpTransport } from '@/lib/delivery/smtp';
import { DISPATCH_DEFAULTS } from '@/lib/delivery/stage';
import { activeCampaign, countById, dispatchUntilDone, startSmtpServer, useSmtp, warmUp, type SmtpSink } from '../delivery-engine/helpers';

let smtp: SmtpSink;

beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpServer({ delayMs: 20 });
  await useSmtp(smtp.url);
});
afterAll(async () => {
  await useSmtp(undefined);
  await smtp.close();
});

async function arrivalCounts(campaignId: string) {
  const ids = new Set((await db.message.findMany({ where: { campaignId }, select: { id: true } })).map((m) => m.id));
  return countById(smtp.arrivals.filter((a) => ids.has(a.messageId)));
}

describe.skipIf(!process.env.DATABASE_URL)('the recipient claim lease', () => {
  it('a SIGKILLed dispatcher’s claims are taken over within seconds (the default lease), and each recipient gets one message', async () => {
    const recipients = 300;
    const c = await activeCampaign({ recipients });
    const child = fork(new URL('./support/dispatch-child.ts', import.meta.url).pathname, [c.campaign.id], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = once(child, 'exit');
    while ((await arrivalCounts(c.campaign.id)).size < 20) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    expect(await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'in_progress' } })).toBeGreaterThan(0);

    const killedAt = Date.now();
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id), 30_000);
    expect(done.stoppedBecause).toBe('completed');
    // Nobody renews a dead process's lease: its recipients are free once the short lease runs out.
    expect(Date.now() - killedAt).toBeLessThan(DISPATCH_DEFAULTS.leaseSeconds * 1000 + 8_000);
    const counts = await arrivalCounts(c.campaign.id);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(await db.message.count({ where: { campaignId: c.campaign.id, status: { in: ['sent', 'uncertain'] } } })).toBe(recipients);
  });

  it('a batch that outlasts its lease keeps its claim while its run lives: nobody else can claim it, and it sends to the end', async () => {
    const recipients = 30;
    const c = await activeCampaign({ recipients });
    const slow = await startSmtpServer({ delayMs: 150 });
    const transport = createSmtpTransport(slow.url);
    const lease = { leaseSeconds: 1.5, leaseRenewMs: 300 };
    try {
      // 30 sends one at a time, 150 ms each and more: one batch lasting well past its lease.
      const t0 = Date.now();
      const run = dispatchCampaign(c.campaign.id, { ...lease, batchSize: recipients, concurrency: 1, transport });
      let done = false;
      void run.finally(() => (done = true));
      while (!done && (await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'pending' } })) > 0) await new Promise((r) => setTimeout(r, 20));
      // A second dispatcher trying all along to claim the same recipients (it would send them again if it could).
      let rivalClaims = 0;
      while (!done) {
        rivalClaims += (await claimDueRecipients(c.campaign.id, recipients, lease.leaseSeconds)).length;
        await new Promise((r) => setTimeout(r, 100));
      }
      const r = await run;
      expect(Date.now() - t0).toBeGreaterThan(2 * lease.leaseSeconds * 1000);
      expect(rivalClaims).toBe(0);
      expect(r).toMatchObject({ stoppedBecause: 'completed', sent: recipients, released: 0, uncertain: 0, batches: 1 });
    } finally {
      await transport.close();
      await slow.close();
    }
  });

  it('a renewed lease fences off the old token: a write carrying it changes nothing', async () => {
    const c = await activeCampaign({ recipients: 2 });
    const claimed = await claimDueRecipients(c.campaign.id, 2, 10);
    const stale = claimed.map((r) => ({ ...r }));
    const keeper = new ClaimLease(c.campaign.id, 10, 60_000);
    keeper.hold(claimed, Date.now());
    await new Promise((r) => setTimeout(r, 5));
    await keeper.renew();
    keeper.stop();
    expect(claimed.every((r, i) => r.leaseUntil.getTime() > stale[i].leaseUntil.getTime())).toBe(true);

    const released = new BatchOutcomes();
    released.released.push(...stale);
    await applyOutcomes(c.workspace.id, c.campaign.id, released);
    expect(await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'in_progress' } })).toBe(2);

    const current = new BatchOutcomes();
    current.released.push(...claimed);
    await applyOutcomes(c.workspace.id, c.campaign.id, current);
    expect(await db.campaignRecipient.count({ where: { campaignId: c.campaign.id, state: 'pending', leaseUntil: null } })).toBe(2);
  });
});
