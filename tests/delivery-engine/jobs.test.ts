import { InngestTestEngine } from '@inngest/test';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { pauseCampaign, resumeCampaign } from '@/lib/campaigns/status';
import { dispatchCampaignJob, dispatchDueCron } from '@/lib/delivery/jobs';
import { eventNameOf, signalEventName } from '@/lib/jobs/definition';
import { crons, jobs } from '@/lib/jobs/registry';
import { inngestDriver } from '@/lib/jobs/client/inngest';
import { setJobsDriver } from '@/lib/jobs';
import { runCronNow, workOnce } from '@/lib/jobs/worker';
import { functions } from '@/inngest/functions';
import { cacheGet, cacheSet } from '@/lib/analytics/stats-cache';
import { withOwnDatabase } from '../setup/own-database';
import { activeCampaign, countById, withSmtpSink } from './helpers';

// The worker and the backstop work on whole tables (jobs, every active campaign): no other file's rows here.
withOwnDatabase('herald_delivery_jobs');

const { arrivalsOf } = withSmtpSink();
const dispatchJobs = (campaignId: string) => db.job.findMany({ where: { name: 'campaigns.dispatch', payload: { path: ['campaignId'], equals: campaignId } }, orderBy: { createdAt: 'asc' } });
/** Time passes: every unfinished recipient of the campaign is due now, and so is every sleeping run. */
const fastForward = async (campaignId: string) => {
  await db.campaignRecipient.updateMany({ where: { campaignId, state: 'pending' }, data: { nextDueAt: new Date() } });
  await db.job.updateMany({ where: { status: 'queued' }, data: { runAt: new Date() } });
};
const workUntilIdle = async () => {
  while ((await workOnce()) > 0) {
    /* run what is due */
  }
};

afterEach(() => setJobsDriver(undefined));

describe('campaigns.dispatch: one job, the same on both drivers', () => {
  it('is registered once, with cancellation on pause and completion, per-campaign concurrency and retries', () => {
    expect(jobs).toContain(dispatchCampaignJob);
    expect(crons).toContain(dispatchDueCron);
    expect(dispatchCampaignJob.concurrencyKey!({ campaignId: 'c', workspaceId: 'w' })).toBe('campaigns.dispatch:c');
    const fn = functions.find((f) => f.id() === 'campaigns-dispatch')!;
    expect((fn as unknown as { opts: Record<string, unknown> }).opts).toMatchObject({
      triggers: [{ event: eventNameOf('campaigns.dispatch') }],
      cancelOn: [
        { event: signalEventName('campaign.paused'), match: 'data.payload.campaignId' },
        { event: signalEventName('campaign.completed'), match: 'data.payload.campaignId' },
      ],
      concurrency: { limit: 1, key: 'event.data.concurrencyKey' },
      retries: 5,
    });
    // Every periodic task follows one schedule on both drivers: the backstop runs each minute on either.
    expect(dispatchDueCron.cron).toBe('* * * * *');
    expect(functions.map((f) => f.id())).toEqual(expect.arrayContaining(['delivery-dispatch-due', 'analytics-flush-outbox']));
  });

  it('on Inngest: sleeps until each step is due, dispatches in steps, and ends when the campaign completes', async () => {
    const c = await activeCampaign({ recipients: 5, steps: 2, waitHours: 1 });
    const fn = functions.find((f) => f.id() === 'campaigns-dispatch')!;
    const t = new InngestTestEngine({ function: fn });
    const { result, ctx } = await t.execute({
      events: [{ name: eventNameOf('campaigns.dispatch'), data: { payload: { campaignId: c.campaign.id, workspaceId: c.workspace.id }, runAt: c.activation.firstSendAt!.toISOString() } }],
      steps: [
        { id: 'wait-until-due', handler() {} },
        { id: 'wait-for-due-0', handler: () => fastForward(c.campaign.id) },
        { id: 'continue-execution', handler() {} },
      ],
    });
    expect(result).toMatchObject({ stoppedBecause: 'completed' });
    const sleeps = (ctx.step.sleepUntil as unknown as { mock: { calls: [string, Date][] } }).mock.calls;
    const [, until] = sleeps.find(([id]) => id === 'wait-for-due-0')!;
    expect(until.getTime() - Date.now()).toBeGreaterThan(50 * 60_000); // the second step, an hour after the first
    expect(ctx.step.run).toHaveBeenCalledWith('dispatch-0', expect.any(Function));
    const arrived = await arrivalsOf(c.campaign.id);
    expect(arrived).toHaveLength(10);
    expect([...countById(arrived).values()].every((n) => n === 1)).toBe(true);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('on the local queue: runs at the first due time, sleeps in its row until the next step, replays finished steps, completes', async () => {
    const c = await activeCampaign({ recipients: 4, steps: 2, waitHours: 1 });
    const [queued] = await dispatchJobs(c.campaign.id);
    expect(queued).toMatchObject({ status: 'queued', concurrencyKey: `campaigns.dispatch:${c.campaign.id}`, payload: { campaignId: c.campaign.id, workspaceId: c.workspace.id } });
    expect(queued.runAt).toEqual(c.activation.firstSendAt);

    await workUntilIdle();
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(4);
    // The same run waits for the second step: queued again at its due time, its first round kept as a finished step.
    const [asleep] = await dispatchJobs(c.campaign.id);
    expect(asleep.id).toBe(queued.id);
    expect(asleep.status).toBe('queued');
    expect(asleep.runAt.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(Object.keys(asleep.steps as object)).toEqual(expect.arrayContaining(['dispatch-0', 'wait-for-due-0']));
    expect(asleep.attempts).toBe(0); // a sleep is not an attempt

    await fastForward(c.campaign.id);
    await workUntilIdle();
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(8);
    const [done] = await dispatchJobs(c.campaign.id);
    expect(done).toMatchObject({ id: queued.id, status: 'completed', result: { stoppedBecause: 'completed' } });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('on the local queue: a pause cancels the sleeping run, a resume starts a new one', async () => {
    const c = await activeCampaign({ recipients: 3, steps: 2, waitHours: 1 });
    await workUntilIdle();
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(3);
    await pauseCampaign(c.actor, c.campaign.id);
    const [cancelled] = await dispatchJobs(c.campaign.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', lastError: 'cancelled by campaign.paused' });

    await db.campaignRecipient.updateMany({ where: { campaignId: c.campaign.id, state: 'pending' }, data: { nextDueAt: new Date() } });
    await resumeCampaign(c.actor, c.campaign.id);
    const runs = await dispatchJobs(c.campaign.id);
    expect(runs.map((j) => j.status)).toEqual(['cancelled', 'queued']);
    await workUntilIdle();
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(6);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('on Inngest: a pause sends the signal that cancels the run, shaped to match its event', async () => {
    const sent: unknown[] = [];
    setJobsDriver({ ...inngestDriver, enqueue: async () => undefined, signal: async (signal, data) => void sent.push({ signal, data }) });
    const c = await activeCampaign({ recipients: 1 });
    await pauseCampaign(c.actor, c.campaign.id);
    expect(sent).toEqual([{ signal: 'campaign.paused', data: { campaignId: c.campaign.id } }]);
  });

  it('the backstop starts a dispatch for due work nobody holds, once a minute, and completes finished campaigns', async () => {
    const c = await activeCampaign({ recipients: 2 });
    await db.job.deleteMany({ where: { name: 'campaigns.dispatch' } }); // as if the activation's job was lost
    expect(await runCronNow(dispatchDueCron.id)).toMatchObject({ triggered: expect.any(Number) });
    expect(await dispatchJobs(c.campaign.id)).toHaveLength(1);
    await runCronNow(dispatchDueCron.id);
    expect(await dispatchJobs(c.campaign.id)).toHaveLength(1); // deduplicated within the minute

    const done = await activeCampaign({ recipients: 1 });
    await db.campaignRecipient.updateMany({ where: { campaignId: done.campaign.id }, data: { state: 'completed', nextDueAt: null } });
    // Legacy data: active, but never snapshotted (no recipient rows at all) — left as it is.
    const seeded = await db.campaign.create({ data: { workspaceId: done.workspace.id, name: 'Seeded', segmentId: done.segment.id, templateId: done.templates[0].id, startDate: '2026-01-01', status: 'active' } });
    await cacheSet(done.campaign.id, 'stats', { status: 'active' });
    await runCronNow(dispatchDueCron.id);
    // The cached stats described an active campaign: completion drops them, as every status change does.
    expect(await cacheGet(done.campaign.id, 'stats')).toBeNull();
    expect(await db.campaign.findUniqueOrThrow({ where: { id: done.campaign.id } })).toMatchObject({ status: 'completed' });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: seeded.id } })).toMatchObject({ status: 'active' });
    // Completion by Herald goes through the one status path: logged with its reason.
    const log = await db.campaignStatusChange.findFirstOrThrow({ where: { campaignId: done.campaign.id, toStatus: 'completed' } });
    expect(log).toMatchObject({ fromStatus: 'active', actorId: null, note: 'Every recipient reached the end of the flow' });
  });
});
