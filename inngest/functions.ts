import type { GetStepTools } from 'inngest';
import { inngest } from '@/inngest/client';
import { eventNameOf, functionIdOf, signalEventName, type JobSteps } from '@/lib/jobs/definition';
import { crons, jobs } from '@/lib/jobs/registry';

type InngestStep = GetStepTools<typeof inngest>;

/** Herald's step interface over Inngest's own step tools. */
const stepsOf = (step: InngestStep): JobSteps => ({
  run: (id, fn) => step.run(id, fn) as never,
  sleepUntil: async (id, until) => {
    await step.sleepUntil(id, until);
  },
});

/** Never aborted: an Inngest invocation ends with its request, not with a process. */
const NEVER = new AbortController().signal;

/** One Inngest function per job definition, running the same handler the local driver runs. */
const jobFunctions = jobs.map((job) =>
  inngest.createFunction(
    {
      id: functionIdOf(job.id),
      triggers: [{ event: eventNameOf(job.id) }],
      retries: (job.retries ?? 4) as 4,
      ...(job.concurrencyKey ? { concurrency: { limit: 1, key: 'event.data.concurrencyKey' } } : {}),
      ...(job.cancelOn ? { cancelOn: job.cancelOn.map((c) => ({ event: signalEventName(c.signal), match: `data.payload.${c.match}` })) } : {}),
    },
    async ({ event, step, runId, attempt }) => {
      const data = event.data as { payload: unknown; runAt?: string };
      if (data.runAt && new Date(data.runAt) > new Date()) await step.sleepUntil('wait-until-due', new Date(data.runAt));
      const payload = job.schema.parse(data.payload);
      // Inngest counts attempts from 0, the local driver from 1: handlers always see the 1-based number.
      return job.handler(payload, { runId, attempt: attempt + 1, step: stepsOf(step) });
    },
  ),
);

const cronFunctions = crons.map((cron) =>
  // One run at a time per periodic task: overlapping runs would only contend for the same rows.
  inngest.createFunction({ id: functionIdOf(cron.id), triggers: [{ cron: cron.cron }], concurrency: { limit: 1 } }, async ({ step }) =>
    cron.handler({ step: stepsOf(step), signal: NEVER }),
  ),
);

export const functions = [...jobFunctions, ...cronFunctions];
