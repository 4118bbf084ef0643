import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InngestTestEngine } from '@inngest/test';
import { defineJob, eventNameOf } from '@/lib/jobs/definition';
import { jobs } from '@/lib/jobs/registry';

const ran: string[] = [];
const attempts: number[] = [];
jobs.push(
  defineJob({
    id: 'test.inngest-echo',
    schema: z.object({ word: z.string() }),
    async handler(p, ctx) {
      attempts.push(ctx.attempt);
      return ctx.step.run('echo', async () => {
        ran.push(p.word);
        return { echoed: p.word };
      });
    },
  }),
);

// Imported after the test job is registered, as the app imports it after the registry is complete.
const { functions } = await import('@/inngest/functions');
const fn = functions.find((f) => f.id() === 'test-inngest-echo')!;

describe('Inngest driver', () => {
  it('builds one function per job and per periodic task', () => {
    const ids = functions.map((f) => f.id());
    expect(ids).toEqual(expect.arrayContaining(['test-inngest-echo', 'jobs-prune-finished']));
  });

  it('runs the same handler, its steps as Inngest steps', async () => {
    const t = new InngestTestEngine({ function: fn });
    const { result, ctx } = await t.execute({ events: [{ name: eventNameOf('test.inngest-echo'), data: { payload: { word: 'hi' } } }] });
    expect(result).toEqual({ echoed: 'hi' });
    expect(ran).toContain('hi');
    // The first attempt is attempt 1, as on the local driver (Inngest itself counts from 0).
    expect(attempts.at(-1)).toBe(1);
    expect(ctx.step.run).toHaveBeenCalledWith('echo', expect.any(Function));
  });

  it('sleeps until runAt before running', async () => {
    const t = new InngestTestEngine({ function: fn });
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const { ctx } = await t.execute({
      events: [{ name: eventNameOf('test.inngest-echo'), data: { payload: { word: 'later' }, runAt } }],
      steps: [{ id: 'wait-until-due', handler() {} }],
    });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith('wait-until-due', new Date(runAt));
    expect(ran).toContain('later');
  });

  it('refuses every request at /api/inngest while no signing key is set (jobs run on the local queue)', async () => {
    const { GET, POST, PUT } = await import('@/app/api/inngest/route');
    for (const handler of [GET, POST, PUT]) {
      const res = await handler(new Request('http://localhost/api/inngest?fnId=herald-jobs-prune-finished&stepId=step', { method: 'POST', body: '{}' }) as never, {} as never);
      expect(res.status).toBe(401);
    }
  });
});
