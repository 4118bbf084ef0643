/** An outbox flusher in a process of its own (so a test can SIGKILL it mid-flush): flushes in small batches until killed. */
export {};

const { flushOutbox } = await import('@/lib/analytics/flush');

const maxRows = Number(process.argv[2] ?? 100);
for (;;) {
  // A short lease, so the batch this process dies holding is re-claimed within a second.
  const r = await flushOutbox({ maxRows, leaseMs: 1_000, budgetMs: 60_000 });
  if (r.shipped === 0) await new Promise((resolve) => setTimeout(resolve, 20));
}
