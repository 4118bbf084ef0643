/**
 * A second dispatcher process for the benchmark: warms up, says "ready", dispatches the campaign it is told to on
 * "go", and reports its result. Two of these share a campaign through SKIP LOCKED claims, using both cores.
 */
export {};

const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
const { getTransport } = await import('@/lib/delivery/transport');
const { db, disconnectDb } = await import('@/lib/db');
const { env } = await import('@/lib/env');
const { createRawSmtpTransport } = await import('./raw-transport');

await db.$queryRawUnsafe('SELECT 1');
// HERALD_BENCH_RAW=1: the proposed transport (pre-built MIME, TCP_NODELAY) instead of today's.
const transport = process.env.HERALD_BENCH_RAW === '1' ? createRawSmtpTransport(env().SMTP_URL!, env().MAIL_FROM) : getTransport();
process.send!({ ready: true });
process.on('message', async (m: { go?: string }) => {
  if (!m.go) return;
  const result = await dispatchCampaign(m.go, { maxMs: 10 * 60_000, transport });
  process.send!({ result });
  await disconnectDb();
  await transport.close();
  process.exit(0);
});
