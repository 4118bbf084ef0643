import { inngest } from '@/inngest/client';
import { eventNameOf } from '@/lib/jobs/definition';
import { crons, jobs } from '@/lib/jobs/registry';

/** One Inngest function per job definition: the same handler the local driver runs, inside `step.run`. */
const jobFunctions = jobs.map((job) =>
  inngest.createFunction(
    {
      id: job.id.replace(/\./g, '-'),
      triggers: [{ event: eventNameOf(job.id) }],
      retries: (job.retries ?? 4) as 4,
      ...(job.concurrencyKey ? { concurrency: { limit: 1, key: 'event.data.concurrencyKey' } } : {}),
    },
    async ({ event, step, runId, attempt }) => {
      const data = event.data as { payload: unknown; runAt?: string };
      if (data.runAt && new Date(data.runAt) > new Date()) await step.sleepUntil('wait-until-due', new Date(data.runAt));
      const payload = job.schema.parse(data.payload);
      return step.run(job.id, () => job.handler(payload, { runId, attempt }) as Promise<unknown>);
    },
  ),
);

const cronFunctions = crons.map((cron) =>
  // One run at a time per periodic task: overlapping runs would only contend for the same rows.
  inngest.createFunction({ id: cron.id.replace(/\./g, '-'), triggers: [{ cron: cron.cron }], concurrency: { limit: 1 } }, async ({ step }) =>
    step.run(cron.id, () => cron.handler() as Promise<unknown>),
  ),
);

export const functions = [...jobFunctions, ...cronFunctions];
