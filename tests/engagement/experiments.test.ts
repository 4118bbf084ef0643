import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createCampaign } from '@/lib/campaigns/crud';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { createFlow } from '@/lib/flows/service';
import { assignVariant, decideExperiment, experimentReports, pickWinner, twoProportionTest } from '@/lib/engagement/experiments';
import { controlCounts, controlsOfContacts } from '@/lib/engagement/controls';
import { addContacts, tenant } from '../campaigns/helpers';
import { warmUp } from '../delivery-engine/helpers';

beforeAll(warmUp);

describe('the A/B split', () => {
  it('is deterministic and even: the test share split into equal slices, the rest outside it', () => {
    const campaign = randomUUID();
    const config = { testPercent: 40, variants: [{}, {}, {}] as never[] };
    const contacts = Array.from({ length: 30_000 }, () => randomUUID());
    const counts = { rest: 0, 0: 0, 1: 0, 2: 0 } as Record<string, number>;
    for (const c of contacts) {
      const a = assignVariant(campaign, 0, c, config);
      expect(assignVariant(campaign, 0, c, config)).toEqual(a);
      counts[a.group === 'rest' ? 'rest' : a.variant]++;
    }
    expect(counts.rest / 30_000).toBeCloseTo(0.6, 1);
    for (const v of [0, 1, 2]) expect(Math.abs(counts[v] / 30_000 - 0.4 / 3)).toBeLessThan(0.01);
    // Another step (or campaign) draws anew.
    const moved = contacts.slice(0, 1000).filter((c) => JSON.stringify(assignVariant(campaign, 1, c, config)) !== JSON.stringify(assignVariant(campaign, 0, c, config)));
    expect(moved.length).toBeGreaterThan(300);
  });
});

describe('the winner and its significance', () => {
  it('computes the two-proportion z-test, p-value and the 95% interval of the difference', () => {
    const t = twoProportionTest(100, 1000, 130, 1000)!;
    expect(t.difference).toBeCloseTo(0.03, 10);
    expect(t.lift).toBeCloseTo(0.3, 10);
    expect(t.z).toBeCloseTo(2.1027, 3);
    expect(t.pValue).toBeCloseTo(0.0355, 3);
    expect(t.ci[0]).toBeCloseTo(0.00207, 4);
    expect(t.ci[1]).toBeCloseTo(0.05793, 4);
    expect(twoProportionTest(0, 0, 1, 10)).toBeNull();
    expect(twoProportionTest(0, 10, 0, 10)!.pValue).toBe(1);
  });

  it('picks the best rate, ties to the earlier variant, ignoring variants that sent nothing', () => {
    expect(pickWinner([{ variant: 0, rate: 0.1, sent: 100 }, { variant: 1, rate: 0.2, sent: 100 }, { variant: 2, rate: 0.15, sent: 100 }])).toBe(1);
    expect(pickWinner([{ variant: 0, rate: 0.2, sent: 100 }, { variant: 1, rate: 0.2, sent: 100 }])).toBe(0);
    expect(pickWinner([{ variant: 0, rate: 0, sent: 0 }, { variant: 1, rate: 0, sent: 10 }])).toBe(1);
  });
});

describe('an A/B test end to end', () => {
  it('sends the variants to the test group, holds the rest, picks the winner on opens when the window ends and sends it to the rest', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, Array.from({ length: 200 }, () => ({})));
    const [a, b] = t.templates;
    const flow = await createFlow(t.workspace.id, {
      name: 'Subject test',
      steps: [{ type: 'SEND_EMAIL', templateId: a.id, abTest: { variants: [{ templateId: b.id, delayMinutes: 0 }], testPercent: 50, metric: 'opens', windowMinutes: 60 } }],
    } as never);
    const { campaign } = await createCampaign(t.actor, { name: 'A/B', segmentId: t.segment.id, flowId: flow.id, startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), timeZone: 'UTC' } as never);
    await activateCampaign(t.actor, campaign.id);
    const experiment = await db.campaignExperiment.findUniqueOrThrow({ where: { campaignId_stepIndex: { campaignId: campaign.id, stepIndex: 0 } } });
    expect(experiment.decideAt.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);

    const first = await dispatchCampaign(campaign.id, { batchSize: 50 });
    const testSends = await db.message.findMany({ where: { campaignId: campaign.id } });
    expect(first.sent).toBe(testSends.length);
    expect(testSends.length).toBeGreaterThan(70);
    expect(testSends.length).toBeLessThan(130);
    expect(testSends.every((m) => m.templateId === (m.variant === 0 ? a.id : b.id))).toBe(true);
    expect(first.nextDueAt?.getTime()).toBe(experiment.decideAt.getTime()); // the rest waits for the decision
    const rest = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id, state: 'pending' } });
    expect(rest.length).toBe(200 - testSends.length);
    const [restNote] = (await controlsOfContacts(campaign.id, [rest[0].contactId])).get(rest[0].contactId)!;
    expect(restNote).toMatchObject({ control: 'variant', action: 'deferred' });

    // B's opens: 60% against A's 10%.
    const byVariant = (v: number) => testSends.filter((m) => m.variant === v);
    const opened = [...byVariant(0).slice(0, Math.round(byVariant(0).length * 0.1)), ...byVariant(1).slice(0, Math.round(byVariant(1).length * 0.6))];
    await db.message.updateMany({ where: { id: { in: opened.map((m) => m.id) } }, data: { openedAt: new Date() } });

    // Before the window ends the report is live and undecided.
    const [live] = await experimentReports(t.workspace.id, campaign.id);
    expect(live.winner).toBeNull();
    expect(live.variants[1].test!.pValue).toBeLessThan(0.001);

    // The window ends: the next dispatch decides and sends the winner to the rest.
    await db.campaignExperiment.update({ where: { campaignId_stepIndex: { campaignId: campaign.id, stepIndex: 0 } }, data: { decideAt: new Date(Date.now() - 1000) } });
    await db.campaignRecipient.updateMany({ where: { campaignId: campaign.id, state: 'pending' }, data: { nextDueAt: new Date(Date.now() - 1000) } });
    const second = await dispatchCampaign(campaign.id, { batchSize: 50 });
    expect(second.sent).toBe(rest.length);
    expect(second.stoppedBecause).toBe('completed');
    const restSends = await db.message.findMany({ where: { campaignId: campaign.id, variant: null } });
    expect(restSends).toHaveLength(rest.length);
    expect(restSends.every((m) => m.templateId === b.id)).toBe(true);
    const [decided] = await experimentReports(t.workspace.id, campaign.id);
    expect(decided).toMatchObject({ winner: 'B', decidedBy: 'auto' });
    // Each contact counts once for the test, whether in its test group or in the rest (deferred, then assigned).
    expect((await controlCounts(campaign.id)).contacts.variant).toBe(200);

    // A manual override is recorded as such; a later automatic decision does not undo it.
    await decideExperiment(campaign.id, 0, { winner: 0, by: 'user-1' });
    expect(await decideExperiment(campaign.id, 0)).toBe(0);
    expect((await experimentReports(t.workspace.id, campaign.id))[0]).toMatchObject({ winner: 'A', decidedBy: 'user-1' });
  });
});
