import type { JobSignal } from '@/lib/jobs/definition';

export interface EnqueueOptions {
  /** Run no earlier than this. */
  runAt?: Date;
  /** Enqueuing the same key twice runs the job once. */
  dedupKey?: string;
  /** Jobs sharing this key run one at a time. */
  concurrencyKey?: string;
}

/** What a jobs driver must do; pages, routes and lib code only ever talk to this (through `lib/jobs`). */
export interface JobsDriver {
  readonly name: 'local' | 'inngest';
  enqueue(jobId: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Cancels every run of a job whose `cancelOn` names this signal and whose payload matches `data`. */
  signal(signal: JobSignal, data: Record<string, string>): Promise<void>;
}
