import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { DISPATCH_DEFAULTS } from '@/lib/delivery/stage';
import { activeCampaign, countById, dispatchUntilDone, startSmtpServer, useSmtp, warmUp, type SmtpSink } from '../delivery-engine/helpers';

/** The most messages that can be in doubt at once: one per send lane of the dispatch run (on the wire or waiting for a connection). */
const WINDOW = DISPATCH_DEFAULTS.concurrency;
const RECIPIENTS = 600;
let smtp: SmtpSink;

beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpServer({ port: 2615, delayMs: 2 });
  await useSmtp(smtp.url);
});
afterAll(async () => {
  delete process.env.DELIVERY_RESEND_UNCERTAIN;
  await useSmtp(undefined);
  await smtp.close();
});

function startDispatcher(campaignId: string): ChildProcess {
  return fork(new URL('./support/dispatch-child.ts', import.meta.url).pathname, [campaignId], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Arrivals of this campaign's messages, counted per message. */
async function arrivalCounts(campaignId: string) {
  const ids = new Set((await db.message.findMany({ where: { campaignId }, select: { id: true } })).map((m) => m.id));
  return countById(smtp.arrivals.filter((a) => ids.has(a.messageId)));
}

/** Runs a dispatcher process, SIGKILLs it once `killAfter` of the campaign's messages arrived, then lets its leases run out. */
async function dispatchAndKill(campaignId: string, killAfter: number) {
  const child = startDispatcher(campaignId);
  const exited = once(child, 'exit');
  for (;;) {
    const n = [...(await arrivalCounts(campaignId)).values()].length;
    if (n >= killAfter) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  await exited;
  await new Promise((r) => setTimeout(r, 200)); // data the server already took may still be landing
  const inFlight = await db.message.findMany({ where: { campaignId, status: 'sending' }, select: { id: true } });
  // The dead process's claims would be re-claimed when their lease ran out; expire them instead of waiting.
  await db.campaignRecipient.updateMany({ where: { campaignId, state: 'in_progress' }, data: { leaseUntil: new Date(Date.now() - 1000) } });
  return inFlight.map((m) => m.id);
}

describe.skipIf(!process.env.DATABASE_URL)('a dispatcher SIGKILLed mid-dispatch', () => {
  it('without a kill: every recipient gets exactly one message', async () => {
    const c = await activeCampaign({ recipients: RECIPIENTS });
    const child = startDispatcher(c.campaign.id);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const counts = await arrivalCounts(c.campaign.id);
    expect(counts.size).toBe(RECIPIENTS);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(await db.message.count({ where: { campaignId: c.campaign.id, status: 'sent' } })).toBe(RECIPIENTS);
  });

  it('default policy: only messages in flight are in doubt, they are marked uncertain and never resent (0 duplicates)', async () => {
    const c = await activeCampaign({ recipients: RECIPIENTS });
    const inFlight = await dispatchAndKill(c.campaign.id, RECIPIENTS / 3);
    expect(inFlight.length).toBeLessThanOrEqual(WINDOW);

    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id), 60_000);
    expect(done.stoppedBecause).toBe('completed');

    const messages = await db.message.findMany({ where: { campaignId: c.campaign.id } });
    const uncertain = messages.filter((m) => m.status === 'uncertain');
    expect(uncertain.map((m) => m.id).sort()).toEqual([...inFlight].sort());
    expect(uncertain.every((m) => m.failureReason?.startsWith('uncertain:'))).toBe(true);
    expect(messages.filter((m) => m.status === 'sent')).toHaveLength(RECIPIENTS - uncertain.length);

    const counts = await arrivalCounts(c.campaign.id);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    // Every message recorded sent arrived once; of the uncertain ones some arrived and some did not.
    for (const m of messages.filter((x) => x.status === 'sent')) expect(counts.get(m.id)).toBe(1);
    expect(counts.size).toBeGreaterThanOrEqual(RECIPIENTS - uncertain.length);
    expect(counts.size).toBeLessThanOrEqual(RECIPIENTS);

    const { campaignSummary } = await import('@/lib/analytics/campaign-summary');
    const summary = await campaignSummary(c.workspace.id, c.campaign.id);
    expect(summary.uncertain).toBe(uncertain.length);
  });

  it('opt-in resend: every recipient arrives, duplicates stay within the in-flight window', async () => {
    const c = await activeCampaign({ recipients: RECIPIENTS });
    const inFlight = await dispatchAndKill(c.campaign.id, RECIPIENTS / 3);
    expect(inFlight.length).toBeLessThanOrEqual(WINDOW);

    process.env.DELIVERY_RESEND_UNCERTAIN = '1';
    resetEnvCache();
    try {
      const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id), 60_000);
      expect(done.stoppedBecause).toBe('completed');
    } finally {
      delete process.env.DELIVERY_RESEND_UNCERTAIN;
      resetEnvCache();
    }
    expect(await db.message.count({ where: { campaignId: c.campaign.id, status: 'sent' } })).toBe(RECIPIENTS);
    const counts = await arrivalCounts(c.campaign.id);
    expect(counts.size).toBe(RECIPIENTS);
    const arrivals = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(arrivals).toBeLessThanOrEqual(RECIPIENTS + inFlight.length);
    // Only in-flight messages can have arrived twice.
    const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.every((id) => inFlight.includes(id))).toBe(true);
  });
});
