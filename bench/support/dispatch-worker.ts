/**
 * A dispatcher process for the benchmark: warms up, says "ready", runs the real dispatchCampaign with the app's own
 * transport (SMTP_URL) on the campaign it is told to on "go", and reports its result. Two of these share a campaign
 * through SKIP LOCKED claims, using both cores.
 */
export {};

const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
const { closeTransport } = await import('@/lib/delivery/transport');
const { db, disconnectDb } = await import('@/lib/db');

await db.$queryRawUnsafe('SELECT 1');
process.send!({ ready: true });
process.on('message', async (m: { go?: string }) => {
  if (!m.go) return;
  const cpu0 = process.cpuUsage();
  const result = await dispatchCampaign(m.go, { maxMs: 10 * 60_000 });
  const cpu = process.cpuUsage(cpu0);
  process.send!({ result, cpuMs: (cpu.user + cpu.system) / 1000 });
  await disconnectDb();
  await closeTransport();
  process.exit(0);
});
