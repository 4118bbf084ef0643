import { inngest } from '@/inngest/client';
import { eventNameOf } from '@/lib/jobs/definition';
import { crons, jobs } from '@/lib/jobs/registry';
import { executeCampaign, type ExecutionSteps } from '@/lib/delivery/execution';
import { CAMPAIGN_EVENTS } from '@/lib/delivery/trigger';

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
      // Inngest counts attempts from 0, the local driver from 1: handlers always see the 1-based number.
      return step.run(job.id, () => job.handler(payload, { runId, attempt: attempt + 1 }) as Promise<unknown>);
    },
  ),
);

const cronFunctions = crons.map((cron) =>
  // One run at a time per periodic task: overlapping runs would only contend for the same rows.
  inngest.createFunction({ id: cron.id.replace(/\./g, '-'), triggers: [{ cron: cron.cron }], concurrency: { limit: 1 } }, async ({ step }) =>
    step.run(cron.id, () => cron.handler() as Promise<unknown>),
  ),
);

/**
 * Campaign execution: started by activation (and resume), it sleeps until each due time and dispatches in steps;
 * a pause or completion of the same campaign cancels it. One run per workspace works at a time; Inngest retries a
 * failed step with its own backoff.
 */
const campaignExecution = inngest.createFunction(
  {
    id: 'campaign-execution',
    triggers: [{ event: CAMPAIGN_EVENTS.activated }],
    cancelOn: [
      { event: CAMPAIGN_EVENTS.paused, match: 'data.campaignId' },
      { event: CAMPAIGN_EVENTS.completed, match: 'data.campaignId' },
    ],
    concurrency: { limit: 1, key: 'event.data.workspaceId' },
    retries: 5,
  },
  async ({ event, step }) => executeCampaign(event.data, step as unknown as ExecutionSteps),
);

export const functions = [...jobFunctions, ...cronFunctions, campaignExecution];
