import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { db } from '@/lib/db';
import { defineJob } from '@/lib/jobs/definition';
import { jobs } from '@/lib/jobs/registry';
import { localDriver } from '@/lib/jobs/client/local';
import { setJobsDriver, triggerJob } from '@/lib/jobs';
import { startWorker, workOnce } from '@/lib/jobs/worker';
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
jobs.push(echo);

afterEach(async () => {
  seen.length = 0;
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
});
