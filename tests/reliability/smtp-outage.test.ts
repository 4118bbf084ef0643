import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { PROBE_INTERVAL_MS } from '@/lib/delivery/breaker';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { DISPATCH_DEFAULTS } from '@/lib/delivery/stage';
import { createSmtpTransport } from '@/lib/delivery/smtp';
import type { Transport } from '@/lib/delivery/transport';
import { activeCampaign, countById, dispatchUntilDone, startSmtpServer, warmUp, type SmtpSink } from '../delivery-engine/helpers';

/** Short timeouts so an outage shows within seconds; the bound a single send may take follows from them. */
const TIMEOUTS = { connectionTimeout: 500, greetingTimeout: 500, socketTimeout: 1000, queueTimeout: 2000 };
const SEND_BOUND_MS = TIMEOUTS.queueTimeout + TIMEOUTS.connectionTimeout + TIMEOUTS.greetingTimeout + TIMEOUTS.socketTimeout + 500;
const urlFor = (port: number) => `smtp://127.0.0.1:${port}?${new URLSearchParams(Object.entries(TIMEOUTS).map(([k, v]) => [k, String(v)]))}`;
const RUN = { retryBaseMs: 200, maxAttempts: 30, batchSize: 50 };

const servers: { close(): Promise<void> }[] = [];
const transports: Transport[] = [];
beforeAll(warmUp);
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await Promise.all(servers.map((s) => s.close()));
});

/** A transport to `port` that records how long each send took, however it ended. */
function timedTransport(port: number) {
  const base = createSmtpTransport(urlFor(port));
  transports.push(base);
  const durations: number[] = [];
  const transport: Transport = {
    kind: base.kind,
    close: () => base.close(),
    async send(email) {
      const t0 = performance.now();
      try {
        return await base.send(email);
      } finally {
        durations.push(performance.now() - t0);
      }
    },
  };
  return { transport, durations };
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Every message of the campaign is sent, and each arrived exactly once. */
async function expectDeliveredOnce(campaignId: string, smtp: SmtpSink, recipients: number) {
  const messages = await db.message.findMany({ where: { campaignId } });
  expect(messages).toHaveLength(recipients);
  expect(messages.filter((m) => m.status !== 'sent')).toEqual([]);
  const ids = new Set(messages.map((m) => m.id));
  const counts = countById(smtp.arrivals.filter((a) => ids.has(a.messageId)));
  expect(counts.size).toBe(recipients);
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(await db.campaignRecipient.count({ where: { campaignId, state: { not: 'completed' } } })).toBe(0);
}

const transientAttempts = (campaignId: string) =>
  db.deliveryAttempt.findMany({ where: { message: { campaignId }, outcome: 'transient_failure' }, select: { code: true } });

describe('delivery through an SMTP outage', () => {
  it('server refusing connections, then back: every send fails fast into a retry, then each message arrives once', async () => {
    const port = 2612;
    const { transport, durations } = timedTransport(port);
    const c = await activeCampaign({ recipients: 40 });

    // Down for 3 s: a run goes on retrying as backoffs come due, and ends without a send hanging.
    const first = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { ...RUN, transport }), 3_000);
    expect(first.stoppedBecause).toBe('idle');
    expect(await db.message.count({ where: { campaignId: c.campaign.id, status: 'sent' } })).toBe(0);
    const smtp = await startSmtpServer({ port });
    servers.push(smtp);
    const upAt = Date.now();
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { ...RUN, transport }), 30_000);
    expect(done.stoppedBecause).toBe('completed');

    await expectDeliveredOnce(c.campaign.id, smtp, 40);
    const failures = await transientAttempts(c.campaign.id);
    expect(failures.length).toBeGreaterThanOrEqual(80); // at least two refused attempts per recipient
    expect(new Set(failures.map((f) => f.code))).toEqual(new Set(['ECONNREFUSED']));
    expect(Math.max(...durations)).toBeLessThan(SEND_BOUND_MS);
    // Sending resumed within a few seconds of the server's return (the longest backoff then due is under 3.2 s).
    expect(Math.max(...smtp.arrivals.map((a) => a.at)) - upAt).toBeLessThan(8_000);
  });

  it('an outage (SMTP_OUTAGE_SECONDS, 8 s by default) with the default retry backoff: the breaker holds sending, spends no attempts, and sending resumes within 10 s of the server\'s return', async () => {
    const port = 2616;
    const transport = createSmtpTransport(urlFor(port));
    transports.push(transport);
    const c = await activeCampaign({ recipients: 60 });
    const outageMs = Number(process.env.SMTP_OUTAGE_SECONDS ?? 8) * 1000;

    // Down: the first sends fail, the breaker opens, the rest of the batch goes back untouched, and each later run
    // only probes the server (no claim, no attempt) every few seconds.
    const downUntil = Date.now() + outageMs;
    let runs = 0;
    while (Date.now() < downUntil) {
      const r = await dispatchCampaign(c.campaign.id, { batchSize: 50, transport });
      runs++;
      expect(r.sent).toBe(0);
      expect(r.nextDueAt!.getTime() - Date.now()).toBeLessThanOrEqual(PROBE_INTERVAL_MS);
      await new Promise((res) => setTimeout(res, Math.min(1000, Math.max(0, downUntil - Date.now()))));
    }
    const failed = await transientAttempts(c.campaign.id);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(DISPATCH_DEFAULTS.concurrency);
    expect(runs).toBeGreaterThan(1);

    const smtp = await startSmtpServer({ port });
    servers.push(smtp);
    const upAt = Date.now();
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { batchSize: 50, transport }), 30_000);
    expect(done.stoppedBecause).toBe('completed');
    await expectDeliveredOnce(c.campaign.id, smtp, 60);
    expect(Math.min(...smtp.arrivals.map((a) => a.at)) - upAt).toBeLessThan(10_000);
    expect(Math.max(...smtp.arrivals.map((a) => a.at)) - upAt).toBeLessThan(10_000);
    // Each message that failed during the outage failed once, and no message gave up.
    expect((await transientAttempts(c.campaign.id)).length).toBe(failed.length);
    const after = smtp.arrivals.map((a) => (a.at - upAt) / 1000);
    console.info(`[smtp-outage] ${outageMs / 1000} s down: ${runs} runs probed, ${failed.length} attempts failed; first arrival ${Math.min(...after).toFixed(1)} s and last ${Math.max(...after).toFixed(1)} s after the server came back`);
  });

  it('server accepting TCP but never answering: sends time out into retries, and nothing is lost once a real server answers', async () => {
    const port = 2613;
    const { transport, durations } = timedTransport(port);
    const silent = await silentServer(port);
    const c = await activeCampaign({ recipients: 20 });

    const first = await dispatchCampaign(c.campaign.id, { ...RUN, retryBaseMs: 60_000, transport });
    expect(first).toMatchObject({ sent: 0, retrying: 20 });
    // The retries are due in a minute; bring them forward instead of waiting.
    await db.campaignRecipient.updateMany({ where: { campaignId: c.campaign.id, state: 'pending' }, data: { nextDueAt: new Date() } });
    expect(Math.max(...durations)).toBeLessThan(SEND_BOUND_MS);
    expect(new Set((await transientAttempts(c.campaign.id)).map((f) => f.code))).toEqual(new Set(['ETIMEDOUT']));

    await silent.close();
    const smtp = await startSmtpServer({ port });
    servers.push(smtp);
    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { ...RUN, transport }), 30_000);
    expect(done.stoppedBecause).toBe('completed');
    await expectDeliveredOnce(c.campaign.id, smtp, 20);
    expect(Math.max(...durations)).toBeLessThan(SEND_BOUND_MS);
  });

  it('server answering 451 to every 7th message: each refused message is retried and all arrive exactly once', async () => {
    const port = 2614;
    let refused = 0;
    const smtp = await startSmtpServer({ port, refuseData: (n) => (n % 7 === 0 ? (refused++, [451, 'Try again later']) : null) });
    servers.push(smtp);
    const { transport, durations } = timedTransport(port);
    const c = await activeCampaign({ recipients: 70 });

    const done = await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { ...RUN, transport }), 30_000);
    expect(done.stoppedBecause).toBe('completed');
    await expectDeliveredOnce(c.campaign.id, smtp, 70);
    expect(refused).toBeGreaterThanOrEqual(10);
    const failures = await transientAttempts(c.campaign.id);
    expect(failures).toHaveLength(refused);
    expect(failures.every((f) => f.code === '451')).toBe(true);
    expect(Math.max(...durations)).toBeLessThan(SEND_BOUND_MS);
  });
});
