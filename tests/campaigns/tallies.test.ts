import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createCampaign } from '@/lib/campaigns/crud';
import { compactRecipientTallies, recipientStateCounts } from '@/lib/campaigns/tallies';
import { changeCampaignStatus } from '@/lib/campaigns/status';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { createFlow } from '@/lib/flows/service';
import { addContacts, tenant } from './helpers';
import { startSmtpServer, useSmtp, warmUp, type SmtpSink } from '../delivery-engine/helpers';

let smtp: SmtpSink;
beforeAll(async () => {
  await warmUp();
  // Every address whose local part starts with c1 is refused for good, so some recipients end up not reached.
  smtp = await startSmtpServer({ refuse: (address) => (address.startsWith('c1') ? [550, 'No such user here'] : null) });
  await useSmtp(smtp.url);
});
afterAll(async () => {
  await useSmtp(undefined);
  await smtp.close();
});

/** The truth the tallies must match: the recipients themselves, counted. */
async function countedByState(campaignId: string) {
  const rows = await db.campaignRecipient.groupBy({ by: ['state'], where: { campaignId }, _count: { _all: true } });
  const counts: Record<string, number> = { total: 0, pending: 0, in_progress: 0, completed: 0, refused: 0, not_reached: 0, excluded: 0 };
  for (const r of rows) {
    counts[r.state] += r._count._all;
    counts.total += r._count._all;
  }
  return counts;
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe('recipient tallies', () => {
  it('agree with the recipients after activation, after every dispatch batch, across a pause, and after compaction', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [
      ...Array.from({ length: 24 }, () => ({})),
      { unsubscribed: true },
      { unsubscribed: true },
      { suppressed: 'bounced' as const },
      { optIn: false },
    ]);
    const flow = await createFlow(t.workspace.id, { name: 'Two sends', steps: [{ type: 'SEND_EMAIL', templateId: t.templates[0].id }, { type: 'SEND_EMAIL', templateId: t.templates[1].id }] } as never);
    const { campaign } = await createCampaign(t.actor, { name: 'Tallies', segmentId: t.segment.id, flowId: flow.id, startDate: yesterday(), startTimeOfDay: '09:00' } as never);
    await activateCampaign(t.actor, campaign.id);

    const afterActivation = await countedByState(campaign.id);
    expect(afterActivation.excluded).toBeGreaterThan(0);
    expect(await recipientStateCounts(campaign.id)).toEqual(afterActivation);

    // One small batch at a time, checking after each: claims, sends, permanent failures and completions all move states.
    let rounds = 0;
    for (;;) {
      const r = await dispatchCampaign(campaign.id, { batchSize: 3, maxMs: 300, maxAttempts: 1 });
      expect(await recipientStateCounts(campaign.id)).toEqual(await countedByState(campaign.id));
      // The pause comes after the first round, while most recipients are still to go (a round may do several batches).
      if (++rounds === 1 && r.stoppedBecause !== 'completed') {
        await changeCampaignStatus(t.actor, campaign.id, 'paused');
        expect(await recipientStateCounts(campaign.id)).toEqual(await countedByState(campaign.id));
        await changeCampaignStatus(t.actor, campaign.id, 'active');
      }
      if (r.stoppedBecause === 'completed' || rounds > 200) break;
      // A resumed campaign's recipients come due again a moment later.
      if (r.stoppedBecause === 'idle' && r.nextDueAt) await new Promise((res) => setTimeout(res, Math.max(10, Math.min(1000, r.nextDueAt!.getTime() - Date.now() + 5))));
    }
    const final = await countedByState(campaign.id);
    expect(final.pending + final.in_progress).toBe(0);
    expect(final.not_reached).toBeGreaterThan(0);
    expect(final.completed).toBeGreaterThan(0);

    const before = await db.campaignRecipientTally.count({ where: { campaignId: campaign.id } });
    expect(before).toBeGreaterThan(12);
    await compactRecipientTallies();
    expect(await db.campaignRecipientTally.count({ where: { campaignId: campaign.id } })).toBeLessThanOrEqual(6);
    expect(await recipientStateCounts(campaign.id)).toEqual(final);
  });
});
