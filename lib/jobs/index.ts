import type { z } from 'zod';
import { usesInngest } from '@/lib/env';
import { parseWith } from '@/lib/http/parse';
import type { EnqueueOptions, JobsDriver } from '@/lib/jobs/client/base';
import type { JobDefinition, JobSignal } from '@/lib/jobs/definition';
import { localDriver } from '@/lib/jobs/client/local';
import { inngestDriver } from '@/lib/jobs/client/inngest';

export { defineJob, defineCron } from '@/lib/jobs/definition';

let override: JobsDriver | undefined;

/** Inngest when its keys (or INNGEST_DEV) are set, otherwise the local PostgreSQL-backed driver. */
export function jobsDriver(): JobsDriver {
  return override ?? (usesInngest() ? inngestDriver : localDriver);
}

/** Tests pin a driver explicitly. */
export function setJobsDriver(driver: JobsDriver | undefined) {
  override = driver;
}

/** Validates the payload against the job's schema, then hands it to the driver. */
export async function triggerJob<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options?: EnqueueOptions) {
  const data = parseWith(job.schema, payload);
  await jobsDriver().enqueue(job.id, data, { concurrencyKey: job.concurrencyKey?.(data), ...options });
}

/** Cancels the runs that wait on this signal (for example a campaign's dispatch when it is paused). */
export async function signalJobs(signal: JobSignal, data: Record<string, string>) {
  await jobsDriver().signal(signal, data);
}
