import type { z } from 'zod';

export interface JobContext {
  /** Stable per job run, so handlers can derive idempotency keys from it. */
  runId: string;
  /** 1 on the first run, 2 on the first retry, on either driver. */
  attempt: number;
}

/** A job is written once, as data plus a handler, and runs on either driver. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  schema: S;
  /** Retries after the first failure, with exponential backoff. */
  retries?: number;
  /** Jobs sharing a key run one at a time (Inngest concurrency key; the local driver runs per key serially). */
  concurrencyKey?: (payload: z.infer<S>) => string;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

/** Periodic work (flushers, backstops): every `everySeconds` locally, the matching cron on Inngest. */
export interface CronDefinition {
  id: string;
  everySeconds: number;
  cron: string;
  handler: () => Promise<unknown>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export function defineCron(def: CronDefinition): CronDefinition {
  return def;
}

export const eventNameOf = (jobId: string) => `herald/${jobId}`;

export function backoffMs(attempt: number): number {
  return Math.min(60_000 * 10, 1000 * 2 ** Math.max(0, attempt - 1));
}
