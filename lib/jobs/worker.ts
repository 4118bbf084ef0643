import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { backoffMs } from '@/lib/backoff';
import { cronPeriod, nextCronRun, type JobSteps } from '@/lib/jobs/definition';
import { onJobEnqueued } from '@/lib/jobs/client/local';
import { crons, findJob } from '@/lib/jobs/registry';
import { logError } from '@/lib/log';

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  steps: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  concurrency_key: string | null;
}

/**
 * A running job's lease: short, and renewed every HEARTBEAT_MS while its process lives, so the work of a process
 * that died is picked up by another within seconds instead of minutes.
 */
export const LEASE_SECONDS = 10;
const HEARTBEAT_MS = 3_000;

/** Jobs this process is running now; their leases are renewed by the heartbeat. */
const running = new Set<string>();
let heartbeat: NodeJS.Timeout | undefined;

function holdLease(jobId: string) {
  running.add(jobId);
  heartbeat ??= setInterval(() => {
    if (running.size === 0) return;
    db.$executeRawUnsafe(
      `UPDATE jobs SET locked_until = now() + make_interval(secs => ${LEASE_SECONDS}) WHERE id = ANY($1::uuid[]) AND status = 'running'`,
      [...running],
    ).catch((err) => logError('[jobs] lease renewal failed', err));
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
}

function releaseLease(jobId: string) {
  running.delete(jobId);
  if (running.size === 0 && heartbeat) {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }
}

/** Claims due jobs with SKIP LOCKED, so several processes can share one queue without running a job twice. */
export async function claimDueJobs(limit: number): Promise<ClaimedJob[]> {
  const claimed = await db.$queryRawUnsafe<ClaimedJob[]>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE id IN (
       SELECT id FROM jobs
       WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
         AND (concurrency_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM jobs r WHERE r.concurrency_key = jobs.concurrency_key AND r.status = 'running' AND r.locked_until >= now()))
       ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, name, payload, steps, attempts, max_attempts, concurrency_key`,
    limit,
  );
  for (const job of claimed) holdLease(job.id);
  return claimed;
}

/** A sleep that is not over yet: the run goes back to the queue until then. */
class Suspended {
  constructor(readonly stepId: string, readonly until: Date) {}
}
/** A signal cancelled the run between two steps. */
class Cancelled {}

/**
 * Ends an invocation the way Inngest does: the step that cannot go on now never settles, so no `try` in a handler can
 * swallow the interruption, and the run is told through `stop` instead.
 */
function interruption() {
  let stop!: (why: Suspended | Cancelled) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  return { stopped, interrupt: (why: Suspended | Cancelled): Promise<never> => (stop(why), new Promise<never>(() => undefined)) };
}

const asJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * The local driver's steps: a finished step's result lives in the job row's `steps`, so a resumed or retried run
 * replays it instead of running it again, as Inngest does with its step memo.
 */
function localSteps(job: ClaimedJob, interrupt: (why: Suspended | Cancelled) => Promise<never>, onStepDone: () => void): JobSteps {
  const memo = job.steps ?? {};
  const record = async (stepId: string, value: unknown) => {
    memo[stepId] = value;
    const n = await db.$executeRawUnsafe(
      `UPDATE jobs SET steps = steps || jsonb_build_object($2::text, $3::jsonb), attempts = 1 WHERE id = $1::uuid AND status = 'running'`,
      job.id,
      stepId,
      JSON.stringify(value),
    );
    if (n === 0) return interrupt(new Cancelled());
    onStepDone();
  };
  return {
    async run(stepId, fn) {
      if (Object.hasOwn(memo, stepId)) return memo[stepId] as never;
      const current = await db.job.findUnique({ where: { id: job.id }, select: { status: true } });
      if (current?.status !== 'running') return interrupt(new Cancelled());
      const value = asJson(await fn());
      await record(stepId, value);
      return value as never;
    },
    async sleepUntil(stepId, until) {
      if (Object.hasOwn(memo, stepId)) return;
      if (until.getTime() > Date.now()) return interrupt(new Suspended(stepId, until));
      await record(stepId, null);
    },
  };
}

/** Runs one claimed job and records its outcome: done, asleep until a time, retried later with backoff, or failed for good. */
export async function runClaimedJob(job: ClaimedJob): Promise<void> {
  const def = findJob(job.name);
  let attempt = job.attempts;
  try {
    if (!def) throw new Error(`Unknown job ${job.name}`);
    const { stopped, interrupt } = interruption();
    const step = localSteps(job, interrupt, () => (attempt = 1));
    const run = def.handler(def.schema.parse(job.payload), { runId: job.id, attempt: job.attempts, step });
    const result = asJson(await Promise.race([run, stopped]));
    await db.$executeRawUnsafe(
      `UPDATE jobs SET status = 'completed', finished_at = now(), locked_until = NULL, last_error = NULL, result = $2::jsonb WHERE id = $1::uuid AND status = 'running'`,
      job.id,
      JSON.stringify(result),
    );
  } catch (err) {
    if (err instanceof Cancelled) return;
    if (err instanceof Suspended) {
      // A sleep is not an attempt: the run comes back at `until` with the sleep recorded as done.
      await db.$executeRawUnsafe(
        `UPDATE jobs SET status = 'queued', run_at = $2, locked_until = NULL, attempts = GREATEST(attempts - 1, 0),
           steps = steps || jsonb_build_object($3::text, NULL::jsonb)
         WHERE id = $1::uuid AND status = 'running'`,
        job.id,
        err.until,
        err.stepId,
      );
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const maxAttempts = def ? (def.retries ?? 4) + 1 : 1;
    const giveUp = attempt >= Math.min(maxAttempts, job.max_attempts);
    await db.job.updateMany({
      where: { id: job.id, status: 'running' },
      data: giveUp
        ? { status: 'failed', finishedAt: new Date(), lockedUntil: null, lastError: message }
        : { status: 'queued', runAt: new Date(Date.now() + backoffMs(attempt)), lockedUntil: null, lastError: message },
    });
    if (giveUp) logError(`[jobs] ${job.name} ${job.id} failed after ${attempt} attempts: ${message}`);
  } finally {
    releaseLease(job.id);
  }
}

/** Claims up to `limit` due jobs and starts them; `done` settles when every one has run. */
async function claimAndStart(limit: number): Promise<{ count: number; done: Promise<void> }> {
  const claimed = await claimDueJobs(limit);
  // Jobs that share a concurrency key run one after another; the rest run side by side.
  const lanes = new Map<string, ClaimedJob[]>();
  for (const job of claimed) {
    const key = job.concurrency_key ?? job.id;
    lanes.set(key, [...(lanes.get(key) ?? []), job]);
  }
  const done = Promise.all([...lanes.values()].map(async (lane) => {
    for (const job of lane) await runClaimedJob(job);
  })).then(() => undefined);
  return { count: claimed.length, done };
}

/** One pass of the worker: claim what is due and run it; returns how many jobs ran. */
export async function workOnce(limit = 4): Promise<number> {
  const { count, done } = await claimAndStart(limit);
  await done;
  return count;
}

/** Runs every periodic task once, now, outside any schedule (tests, and the first turn of a starting worker). */
export async function runCronNow(id: string, signal = new AbortController().signal): Promise<unknown> {
  const cron = crons.find((c) => c.id === id);
  if (!cron) throw new Error(`Unknown periodic task ${id}`);
  const step: JobSteps = { run: async (_id, fn) => asJson(await fn()) as never, sleepUntil: async () => undefined };
  return cron.handler({ step, signal });
}

export interface Worker {
  stop(): Promise<void>;
}

/** Jobs one process runs at once. */
const MAX_RUNNING_JOBS = 4;

/**
 * The local driver's loops, inside the server process: one polls the queue, one runs the periodic tasks on their cron
 * schedule (each also once at start). Neither waits for the other, so a long job never holds up the outbox flush.
 */
export function startWorker(options: { pollMs?: number } = {}): Worker {
  const pollMs = options.pollMs ?? env().JOBS_POLL_MS;
  const abort = new AbortController();
  let stopped = false;
  let inFlight = 0;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  let jobTimer: NodeJS.Timeout | undefined;
  let polling = false;
  const pollJobs = async () => {
    if (stopped || polling) return;
    polling = true;
    try {
      while (!stopped && inFlight < MAX_RUNNING_JOBS) {
        const { count, done } = await claimAndStart(MAX_RUNNING_JOBS - inFlight);
        if (count === 0) break;
        inFlight += count;
        // A freed slot looks for more work at once.
        track(done.finally(() => {
          inFlight -= count;
          scheduleJobs(0);
        }));
      }
    } catch (err) {
      logError('[jobs] worker poll failed', err);
    } finally {
      polling = false;
    }
  };
  const scheduleJobs = (delay: number) => {
    if (stopped) return;
    clearTimeout(jobTimer);
    jobTimer = setTimeout(() => track(pollJobs().finally(() => scheduleJobs(pollMs))), delay);
  };

  const nextRun = new Map(crons.map((c) => [c.id, 0]));
  const cronsRunning = new Set<string>();
  const runDueCrons = () => {
    const now = Date.now();
    for (const cron of crons) {
      // A task still running from its last turn is not started again beside itself.
      if (stopped || cronsRunning.has(cron.id) || now < (nextRun.get(cron.id) ?? 0)) continue;
      nextRun.set(cron.id, nextCronRun(cron.cron, now));
      cronsRunning.add(cron.id);
      track(runCronNow(cron.id, abort.signal).then(() => undefined, (err) => logError(`[jobs] cron ${cron.id} failed`, err)).finally(() => cronsRunning.delete(cron.id)));
    }
  };
  const cronTimer = setInterval(runDueCrons, Math.min(pollMs, ...crons.map((c) => cronPeriod(c.cron).periodMs)));

  const unsubscribe = onJobEnqueued(() => scheduleJobs(0));
  scheduleJobs(0);
  runDueCrons();
  return {
    async stop() {
      stopped = true;
      abort.abort();
      clearTimeout(jobTimer);
      clearInterval(cronTimer);
      unsubscribe();
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
