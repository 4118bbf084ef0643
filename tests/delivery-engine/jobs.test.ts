import { InngestTestEngine } from '@inngest/test';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { pauseCampaign, resumeCampaign } from '@/lib/campaigns/status';
import { dispatchCampaignJob, dispatchDueCron } from '@/lib/delivery/jobs';
import { CAMPAIGN_EVENTS } from '@/lib/delivery/trigger';
import { crons, jobs } from '@/lib/jobs/registry';
import { workOnce } from '@/lib/jobs/worker';
import { functions } from '@/inngest/functions';
import { withOwnDatabase } from '../setup/own-database';
import { activeCampaign, countById, withSmtpSink } from './helpers';

// The worker and the backstop work on whole tables (jobs, every active campaign): no other file's rows here.
withOwnDatabase('herald_delivery_jobs');

const { arrivalsOf } = withSmtpSink();
const dispatchJobs = (campaignId: string) => db.job.findMany({ where: { name: 'campaigns.dispatch', payload: { path: ['campaignId'], equals: campaignId } }, orderBy: { runAt: 'asc' } });
/** Time passes: every unfinished recipient of the campaign is due now. */
const fastForward = (campaignId: string) => db.campaignRecipient.updateMany({ where: { campaignId, state: 'pending' }, data: { nextDueAt: new Date() } });

describe('Inngest campaign-execution (real dispatch, real database)', () => {
  const fn = functions.find((f) => f.id() === 'campaign-execution')!;

  it('is registered with cancelOn pause/complete, per-workspace concurrency and retries', () => {
    const opts = (fn as unknown as { opts: Record<string, unknown> }).opts;
    expect(opts).toMatchObject({
      triggers: [{ event: CAMPAIGN_EVENTS.activated }],
      cancelOn: [
        { event: CAMPAIGN_EVENTS.paused, match: 'data.campaignId' },
        { event: CAMPAIGN_EVENTS.completed, match: 'data.campaignId' },
      ],
      concurrency: { limit: 1, key: 'event.data.workspaceId' },
      retries: 5,
    });
  });

  it('sleeps until each step is due, dispatches in steps, and ends when the campaign completes', async () => {
    const c = await activeCampaign({ recipients: 5, steps: 2, waitHours: 1 });
    const t = new InngestTestEngine({ function: fn });
    const { result, ctx } = await t.execute({
      events: [{ name: CAMPAIGN_EVENTS.activated, data: { campaignId: c.campaign.id, workspaceId: c.workspace.id, runAt: c.activation.firstSendAt!.toISOString() } }],
      steps: [
        { id: 'wait-for-first-step', handler() {} },
        { id: 'wait-for-due-0', handler: () => fastForward(c.campaign.id) },
        { id: 'continue-execution', handler() {} },
      ],
    });
    expect(result).toMatchObject({ stoppedBecause: 'completed' });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith('wait-for-first-step', c.activation.firstSendAt);
    const [, until] = (ctx.step.sleepUntil as unknown as { mock: { calls: [string, Date][] } }).mock.calls.find(([id]) => id === 'wait-for-due-0')!;
    expect(until.getTime() - Date.now()).toBeGreaterThan(50 * 60_000); // the second step, an hour after the first
    expect(ctx.step.run).toHaveBeenCalledWith('dispatch-0', expect.any(Function));
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
    const arrived = await arrivalsOf(c.campaign.id);
    expect(arrived).toHaveLength(10);
    expect([...countById(arrived).values()].every((n) => n === 1)).toBe(true);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('returns without sending once the campaign is paused', async () => {
    const c = await activeCampaign({ recipients: 3 });
    await pauseCampaign(c.actor, c.campaign.id);
    const t = new InngestTestEngine({ function: fn });
    const { result } = await t.execute({ events: [{ name: CAMPAIGN_EVENTS.activated, data: { campaignId: c.campaign.id, workspaceId: c.workspace.id } }] });
    expect(result).toMatchObject({ stoppedBecause: 'paused', sent: 0 });
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(0);
  });
});

describe('local jobs: campaigns.dispatch and the dispatch-due backstop', () => {
  it('are registered', () => {
    expect(jobs).toContain(dispatchCampaignJob);
    expect(crons).toContain(dispatchDueCron);
    expect(dispatchDueCron.everySeconds).toBe(5);
    expect(dispatchCampaignJob.concurrencyKey!({ campaignId: crypto.randomUUID(), workspaceId: 'w' })).toBe('campaigns.dispatch:w');
  });

  it('activation queues a dispatch job at the first due time; the job sends and schedules the next step; resume queues one', async () => {
    const c = await activeCampaign({ recipients: 4, steps: 2, waitHours: 1 });
    const [queued] = await dispatchJobs(c.campaign.id);
    expect(queued).toMatchObject({ status: 'queued', concurrencyKey: `campaigns.dispatch:${c.workspace.id}`, payload: { campaignId: c.campaign.id, workspaceId: c.workspace.id } });
    expect(queued.runAt).toEqual(c.activation.firstSendAt);

    while ((await workOnce()) > 0) {
      /* run what is due */
    }
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(4);
    const after = await dispatchJobs(c.campaign.id);
    expect(after[0].status).toBe('completed');
    const next = after.find((j) => j.status === 'queued')!;
    expect(next.runAt.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);

    await pauseCampaign(c.actor, c.campaign.id);
    await fastForward(c.campaign.id);
    await resumeCampaign(c.actor, c.campaign.id);
    const resumed = (await dispatchJobs(c.campaign.id)).filter((j) => j.status === 'queued' && j.runAt.getTime() <= Date.now());
    expect(resumed).toHaveLength(1);
    while ((await workOnce()) > 0) {
      /* run what is due */
    }
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(8);
    expect(await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).toMatchObject({ status: 'completed' });
  });

  it('the backstop starts a dispatch for due work nobody holds, once a minute, and completes finished campaigns', async () => {
    const c = await activeCampaign({ recipients: 2 });
    await db.job.deleteMany({ where: { name: 'campaigns.dispatch' } }); // as if the activation's job was lost
    expect(await dispatchDueCron.handler()).toMatchObject({ triggered: expect.any(Number) });
    expect(await dispatchJobs(c.campaign.id)).toHaveLength(1);
    await dispatchDueCron.handler();
    expect(await dispatchJobs(c.campaign.id)).toHaveLength(1); // deduplicated within the minute

    const done = await activeCampaign({ recipients: 1 });
    await db.campaignRecipient.updateMany({ where: { campaignId: done.campaign.id }, data: { state: 'completed', nextDueAt: null } });
    // Seeded demo data: active, but never snapshotted (no recipient rows at all) — left as it is.
    const seeded = await db.campaign.create({ data: { workspaceId: done.workspace.id, name: 'Seeded', segmentId: done.segment.id, templateId: done.templates[0].id, startDate: '2026-01-01', status: 'active' } });
    await dispatchDueCron.handler();
    expect(await db.campaign.findUniqueOrThrow({ where: { id: done.campaign.id } })).toMatchObject({ status: 'completed' });
    expect(await db.campaign.findUniqueOrThrow({ where: { id: seeded.id } })).toMatchObject({ status: 'active' });
  });
});
