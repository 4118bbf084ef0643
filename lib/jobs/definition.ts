import type { z } from 'zod';

/** What a step's result looks like once it has been stored as JSON (both drivers keep step results as JSON). */
export type Stored<T> = T extends Date ? string : T extends (infer U)[] ? Stored<U>[] : T extends object ? { [K in keyof T]: Stored<T[K]> } : T;

/**
 * The durable steps a job is written against. A step's result is stored once it finishes; when the run resumes
 * (after a sleep, a retry or a crash) finished steps return their stored result instead of running again, so step ids
 * must depend only on the payload and earlier step results. Inngest implements these with its own step tools; the
 * local driver with the `steps` column of the job's row.
 */
export interface JobSteps {
  run<T>(id: string, fn: () => Promise<T>): Promise<Stored<T>>;
  /** Ends this invocation until `until`; the run continues from here then. */
  sleepUntil(id: string, until: Date): Promise<void>;
}

export interface JobContext {
  /** Stable per job run, so handlers can derive idempotency keys from it. */
  runId: string;
  /** 1 on the first run, 2 on the first retry, on either driver. */
  attempt: number;
  step: JobSteps;
}

/** Lifecycle signals that cancel the runs waiting on them (Inngest `cancelOn`; a status change on the local queue). */
export const JOB_SIGNALS = ['campaign.paused', 'campaign.completed'] as const;
export type JobSignal = (typeof JOB_SIGNALS)[number];

/** A job is written once, as data plus a handler, and runs on either driver. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  schema: S;
  /** Retries after the first failure, with exponential backoff. */
  retries?: number;
  /** Jobs sharing a key run one at a time. */
  concurrencyKey?: (payload: z.infer<S>) => string;
  /** A signal whose payload field `match` equals this run's cancels it, wherever it is (sleeping or between steps). */
  cancelOn?: { signal: JobSignal; match: string }[];
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

export interface CronContext {
  step: JobSteps;
  /** Aborted when the process running the task stops; long-running tasks end their loop early. */
  signal: AbortSignal;
}

/**
 * Periodic work (flushers, backstops, pruning). `cron` is the one schedule both drivers follow: Inngest reads it as
 * is, the local worker understands its two shapes, every minute (`* * * * *`) and hourly at a minute (`M * * * *`).
 */
export interface CronDefinition {
  id: string;
  cron: string;
  handler: (ctx: CronContext) => Promise<unknown>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export function defineCron(def: CronDefinition): CronDefinition {
  cronPeriod(def.cron); // refuses a schedule the local worker could not follow
  return def;
}

/** The local worker's reading of a cron schedule: a period and the offset into it, in ms. */
export function cronPeriod(cron: string): { periodMs: number; offsetMs: number } {
  if (cron === '* * * * *') return { periodMs: 60_000, offsetMs: 0 };
  const hourly = /^(\d{1,2}) \* \* \* \*$/.exec(cron);
  if (hourly && Number(hourly[1]) < 60) return { periodMs: 3_600_000, offsetMs: Number(hourly[1]) * 60_000 };
  throw new Error(`Unsupported cron schedule "${cron}": use "* * * * *" or "M * * * *"`);
}

/** When a cron is next due after `now`. */
export function nextCronRun(cron: string, now: number): number {
  const { periodMs, offsetMs } = cronPeriod(cron);
  return Math.floor((now - offsetMs) / periodMs) * periodMs + offsetMs + periodMs;
}

export const eventNameOf = (jobId: string) => `herald/${jobId}`;
export const signalEventName = (signal: JobSignal) => `herald/${signal}`;

/** Function ids on Inngest: the job id with dots as dashes. */
export const functionIdOf = (id: string) => id.replace(/\./g, '-');
