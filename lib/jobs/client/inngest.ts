import { inngest } from '@/inngest/client';
import { eventNameOf, signalEventName, type JobSignal } from '@/lib/jobs/definition';
import type { EnqueueOptions, JobsDriver } from '@/lib/jobs/client/base';

/** Sends one event per job; the matching function in `inngest/functions.ts` runs the same handler. */
export const inngestDriver: JobsDriver = {
  name: 'inngest',
  async enqueue(jobId: string, payload: unknown, options: EnqueueOptions = {}) {
    await inngest.send({
      name: eventNameOf(jobId),
      data: { payload, runAt: options.runAt?.toISOString(), concurrencyKey: options.concurrencyKey },
      // Inngest drops a second event with the same id within 24 h: the dedup key maps straight onto it.
      ...(options.dedupKey ? { id: options.dedupKey } : {}),
    });
  },
  async signal(signal: JobSignal, data: Record<string, string>) {
    // Shaped like a job event, so `cancelOn` matches `data.payload.<field>` on both sides.
    await inngest.send({ name: signalEventName(signal), data: { payload: data } });
  },
};
