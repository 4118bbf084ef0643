import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { backoffMs } from '@/lib/jobs/definition';
import { onJobEnqueued } from '@/lib/jobs/client/local';
import { crons, findJob } from '@/lib/jobs/registry';

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  concurrency_key: string | null;
}

const LEASE_SECONDS = 300;

/** Claims due jobs with SKIP LOCKED, so several processes can share one queue without running a job twice. */
export async function claimDueJobs(limit: number): Promise<ClaimedJob[]> {
  return db.$queryRawUnsafe<ClaimedJob[]>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE id IN (
       SELECT id FROM jobs
       WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
         AND (concurrency_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM jobs r WHERE r.concurrency_key = jobs.concurrency_key AND r.status = 'running' AND r.locked_until >= now()))
       ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, name, payload, attempts, max_attempts, concurrency_key`,
    limit,
  );
}

/** Runs one claimed job and records its outcome: done, retried later with backoff, or failed for good. */
export async function runClaimedJob(job: ClaimedJob): Promise<void> {
  const def = findJob(job.name);
  try {
    if (!def) throw new Error(`Unknown job ${job.name}`);
    await def.handler(def.schema.parse(job.payload), { runId: job.id, attempt: job.attempts });
    await db.job.update({ where: { id: job.id }, data: { status: 'completed', finishedAt: new Date(), lockedUntil: null, lastError: null } });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const maxAttempts = def ? (def.retries ?? 4) + 1 : 1;
    const giveUp = job.attempts >= Math.min(maxAttempts, job.max_attempts);
    await db.job.update({
      where: { id: job.id },
      data: giveUp
        ? { status: 'failed', finishedAt: new Date(), lockedUntil: null, lastError: message }
        : { status: 'queued', runAt: new Date(Date.now() + backoffMs(job.attempts)), lockedUntil: null, lastError: message },
    });
    if (giveUp) console.error(`[jobs] ${job.name} ${job.id} failed after ${job.attempts} attempts: ${message}`);
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

export interface Worker {
  stop(): Promise<void>;
}

/** Jobs one process runs at once. */
const MAX_RUNNING_JOBS = 4;

/**
 * The local driver's loops, inside the server process: one polls the queue, one runs the periodic tasks. Neither waits
 * for the other, so a long job (a rate-limited dispatch runs for minutes) never holds up the outbox flush or new jobs.
 */
export function startWorker(options: { pollMs?: number } = {}): Worker {
  const pollMs = options.pollMs ?? env().JOBS_POLL_MS;
  let stopped = false;
  let running = 0;
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  let jobTimer: NodeJS.Timeout | undefined;
  let polling = false;
  const pollJobs = async () => {
    if (stopped || polling) return;
    polling = true;
    try {
      while (!stopped && running < MAX_RUNNING_JOBS) {
        const { count, done } = await claimAndStart(MAX_RUNNING_JOBS - running);
        if (count === 0) break;
        running += count;
        // A freed slot looks for more work at once.
        track(done.finally(() => {
          running -= count;
          scheduleJobs(0);
        }));
      }
    } catch (err) {
      console.error('[jobs] worker poll failed', err);
    } finally {
      polling = false;
    }
  };
  const scheduleJobs = (delay: number) => {
    if (stopped) return;
    clearTimeout(jobTimer);
    jobTimer = setTimeout(() => track(pollJobs().finally(() => scheduleJobs(pollMs))), delay);
  };

  const lastCronRun = new Map<string, number>();
  const cronsRunning = new Set<string>();
  const runDueCrons = () => {
    const now = Date.now();
    for (const cron of crons) {
      // A task still running from its last turn is not started again beside itself.
      if (stopped || cronsRunning.has(cron.id) || now - (lastCronRun.get(cron.id) ?? 0) < cron.everySeconds * 1000) continue;
      lastCronRun.set(cron.id, now);
      cronsRunning.add(cron.id);
      track(cron.handler().then(() => undefined, (err) => console.error(`[jobs] cron ${cron.id} failed`, err)).finally(() => cronsRunning.delete(cron.id)));
    }
  };
  const cronTimer = setInterval(runDueCrons, pollMs);

  const unsubscribe = onJobEnqueued(() => scheduleJobs(0));
  scheduleJobs(0);
  runDueCrons();
  return {
    async stop() {
      stopped = true;
      clearTimeout(jobTimer);
      clearInterval(cronTimer);
      unsubscribe();
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
