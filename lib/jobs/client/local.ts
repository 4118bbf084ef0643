import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { EnqueueOptions, JobsDriver } from '@/lib/jobs/client/base';
import type { JobSignal } from '@/lib/jobs/definition';

type Wake = () => void;
const wakers = new Set<Wake>();

/** The in-process worker subscribes here so a new job starts at once instead of at the next poll. */
export function onJobEnqueued(wake: Wake): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

/** Durable queue in PostgreSQL, worked by the in-process worker (`lib/jobs/worker.ts`). */
export const localDriver: JobsDriver = {
  name: 'local',
  async enqueue(jobId: string, payload: unknown, options: EnqueueOptions = {}) {
    const data = {
      name: jobId,
      payload: payload as Prisma.InputJsonValue,
      runAt: options.runAt ?? new Date(),
      dedupKey: options.dedupKey,
      concurrencyKey: options.concurrencyKey,
    };
    if (options.dedupKey) {
      await db.job.upsert({ where: { dedupKey: options.dedupKey }, create: data, update: {} });
    } else {
      await db.job.create({ data });
    }
    for (const wake of wakers) wake();
  },
  async signal(signal: JobSignal, data: Record<string, string>) {
    // Loaded here, not at the top: the registry imports the jobs, which import this driver through `lib/jobs`.
    const { jobs } = await import('@/lib/jobs/registry');
    for (const job of jobs) {
      for (const c of job.cancelOn ?? []) {
        if (c.signal !== signal || data[c.match] === undefined) continue;
        // A running job sees the cancellation before its next step (lib/jobs/worker.ts).
        await db.job.updateMany({
          where: { name: job.id, status: { in: ['queued', 'running'] }, payload: { path: [c.match], equals: data[c.match] } },
          data: { status: 'cancelled', finishedAt: new Date(), lockedUntil: null, lastError: `cancelled by ${signal}` },
        });
      }
    }
  },
};
