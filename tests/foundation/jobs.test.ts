import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { db } from '@/lib/db';
import { defineJob } from '@/lib/jobs/definition';
import { jobs } from '@/lib/jobs/registry';
import { localDriver } from '@/lib/jobs/client/local';
import { setJobsDriver, signalJobs, triggerJob } from '@/lib/jobs';
import { LEASE_SECONDS, startWorker, workOnce } from '@/lib/jobs/worker';
import { withOwnDatabase } from '../setup/own-database';

// The worker claims any due job, so this file must not share its queue with other files.
withOwnDatabase('herald_jobs');

const seen: string[] = [];
let failuresLeft = 0;

const echo = defineJob({
  id: 'test.echo',
  schema: z.object({ word: z.string().min(1) }),
  retries: 2,
  concurrencyKey: (p) => `echo:${p.word.slice(0, 1)}`,
  async handler(p) {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('transient');
    }
    seen.push(p.word);
  },
});
/** A job of three steps whose second fails while `failuresLeft` lasts, then sleeps, then finishes. */
const stepRuns: string[] = [];
const stepped = defineJob({
  id: 'test.stepped',
  schema: z.object({ key: z.string(), sleepMs: z.number().default(0) }),
  retries: 3,
  cancelOn: [{ signal: 'campaign.paused', match: 'key' }],
  async handler(p, { step }) {
    const a = await step.run('first', async () => (stepRuns.push('first'), { at: new Date(0) }));
    await step.run('second', async () => {
      stepRuns.push('second');
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('second failed');
      }
    });
    await step.sleepUntil('nap', new Date(Date.now() + p.sleepMs));
    return step.run('third', async () => (stepRuns.push('third'), { first: a.at }));
  },
});
jobs.push(echo, stepped);

afterEach(async () => {
  seen.length = 0;
  stepRuns.length = 0;
  failuresLeft = 0;
  await db.job.deleteMany({});
  setJobsDriver(undefined);
});

describe('local jobs driver', () => {
  it('validates payloads before they are queued', async () => {
    setJobsDriver(localDriver);
    await expect(triggerJob(echo, { word: '' })).rejects.toMatchObject({ status: 400 });
    expect(await db.job.count()).toBe(0);
  });

  it('runs a queued job once, even with a dedup key enqueued twice', async () => {
    setJobsDriver(localDriver);
    await triggerJob(echo, { word: 'hello' }, { dedupKey: 'once' });
    await triggerJob(echo, { word: 'hello' }, { dedupKey: 'once' });
    expect(await workOnce()).toBe(1);
    expect(await workOnce()).toBe(0);
    expect(seen).toEqual(['hello']);
    const job = await db.job.findFirstOrThrow();
    expect(job.status).toBe('completed');
    expect(job.concurrencyKey).toBe('echo:h');
  });

  it('retries with backoff and gives up after its retries', async () => {
    setJobsDriver(localDriver);
    failuresLeft = 10;
    await triggerJob(echo, { word: 'flaky' });
    for (let i = 0; i < 3; i++) {
      await db.job.updateMany({ data: { runAt: new Date(Date.now() - 1000) }, where: { status: 'queued' } });
      await workOnce();
    }
    const job = await db.job.findFirstOrThrow();
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(3);
    expect(job.lastError).toBe('transient');
    expect(seen).toEqual([]);
  });

  it('waits for runAt, and the worker loop picks jobs up as they are enqueued', async () => {
    setJobsDriver(localDriver);
    await triggerJob(echo, { word: 'later' }, { runAt: new Date(Date.now() + 60_000) });
    expect(await workOnce()).toBe(0);
    const worker = startWorker({ pollMs: 50 });
    try {
      await triggerJob(echo, { word: 'now' });
      await expect.poll(() => seen, { timeout: 5000 }).toEqual(['now']);
    } finally {
      await worker.stop();
    }
  });

  it('never hands the same job to two claimers', async () => {
    setJobsDriver(localDriver);
    for (let i = 0; i < 20; i++) await triggerJob(echo, { word: `w${i}` });
    await Promise.all([workOnce(10), workOnce(10), workOnce(10)]);
    while ((await workOnce(10)) > 0);
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`).sort());
  });

  it('replays finished steps after a failure instead of running them again, with their stored (JSON) results', async () => {
    setJobsDriver(localDriver);
    failuresLeft = 1;
    await triggerJob(stepped, { key: 'a' });
    await workOnce();
    expect(stepRuns).toEqual(['first', 'second']);
    await db.job.updateMany({ data: { runAt: new Date() }, where: { status: 'queued' } });
    await workOnce();
    expect(stepRuns).toEqual(['first', 'second', 'second', 'third']);
    const job = await db.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: 'completed', result: { first: '1970-01-01T00:00:00.000Z' } });
  });

  it('a sleep puts the run back in the queue until its time, without counting an attempt', async () => {
    setJobsDriver(localDriver);
    await triggerJob(stepped, { key: 'b', sleepMs: 60_000 });
    await workOnce();
    const asleep = await db.job.findFirstOrThrow();
    expect(asleep).toMatchObject({ status: 'queued', attempts: 0 });
    expect(asleep.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await workOnce()).toBe(0);
    await db.job.updateMany({ data: { runAt: new Date() } });
    await workOnce();
    expect(stepRuns).toEqual(['first', 'second', 'third']);
    expect((await db.job.findFirstOrThrow()).status).toBe('completed');
  });

  it('a signal cancels a sleeping run whose payload matches, and no other', async () => {
    setJobsDriver(localDriver);
    await triggerJob(stepped, { key: 'mine', sleepMs: 60_000 });
    await triggerJob(stepped, { key: 'other', sleepMs: 60_000 });
    await workOnce();
    await signalJobs('campaign.paused', { key: 'mine' });
    await db.job.updateMany({ data: { runAt: new Date() }, where: { status: 'queued' } });
    await workOnce();
    const byKey = Object.fromEntries((await db.job.findMany()).map((j) => [(j.payload as { key: string }).key, j.status]));
    expect(byKey).toEqual({ mine: 'cancelled', other: 'completed' });
    expect(stepRuns.filter((s) => s === 'third')).toHaveLength(1);
  });

  it("a dead process's job is picked up within seconds: the lease is short and renewed only while its process lives", async () => {
    setJobsDriver(localDriver);
    await triggerJob(echo, { word: 'orphan' });
    // As a process that claimed it and died would leave it: running, lease still ahead.
    await db.job.updateMany({ data: { status: 'running', attempts: 1, lockedUntil: new Date(Date.now() + LEASE_SECONDS * 1000) } });
    expect(await workOnce()).toBe(0);
    expect(LEASE_SECONDS).toBeLessThanOrEqual(10);
    await db.job.updateMany({ data: { lockedUntil: new Date(Date.now() - 1) } }); // the lease ran out: nobody renewed it
    expect(await workOnce()).toBe(1);
    expect(seen).toEqual(['orphan']);
  });

  it('renews the lease of a long job while it runs', async () => {
    setJobsDriver(localDriver);
    const slow = defineJob({ id: 'test.slow', schema: z.object({}), handler: () => new Promise((r) => setTimeout(r, 4_000)) });
    jobs.push(slow);
    await triggerJob(slow, {});
    const run = workOnce();
    await new Promise((r) => setTimeout(r, 500));
    const first = (await db.job.findFirstOrThrow()).lockedUntil!.getTime();
    await new Promise((r) => setTimeout(r, 3_200));
    const renewed = (await db.job.findFirstOrThrow()).lockedUntil!.getTime();
    expect(renewed).toBeGreaterThan(first);
    await run;
    expect((await db.job.findFirstOrThrow()).status).toBe('completed');
  });
});
