import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { stepProgress, stepState } from '@/lib/campaigns/progress';
import { failedInWords } from '@/lib/campaigns/failure-words';
import { applyFeedback } from '@/lib/delivery/feedback';
import { formatter } from '@/lib/format';
import { activeCampaign, startSmtpServer, useSmtp, warmUp, type SmtpSink } from '../delivery-engine/helpers';

let smtp: SmtpSink;
// Addresses starting with "c0." are refused for good, so the first step has one failure.
beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpServer({ refuse: (address) => (address.startsWith('c0.') ? [550, 'No such user here'] : null) });
  await useSmtp(smtp.url);
});
afterAll(async () => {
  await useSmtp(undefined);
  await smtp.close();
});

describe('stepProgress', () => {
  it('counts sent, failed and pending per step from the real message and recipient rows', async () => {
    const c = await activeCampaign({ recipients: 6, steps: 2, waitHours: 24 });
    const before = await stepProgress(c.workspace.id, c.campaign.id);
    expect(before.map(({ stepIndex, sent, failed, pending }) => ({ stepIndex, sent, failed, pending }))).toEqual([
      { stepIndex: 0, sent: 0, failed: 0, pending: 6 },
      { stepIndex: 1, sent: 0, failed: 0, pending: 6 },
    ]);

    await dispatchCampaign(c.campaign.id, { batchSize: 4 });
    const after = await stepProgress(c.workspace.id, c.campaign.id);
    const messages = await db.message.groupBy({ by: ['stepIndex', 'status'], where: { campaignId: c.campaign.id }, _count: { _all: true } });
    const count = (step: number, statuses: string[]) => messages.filter((m) => m.stepIndex === step && statuses.includes(m.status)).reduce((n, m) => n + m._count._all, 0);
    expect(after[0]).toMatchObject({ stepIndex: 0, sent: count(0, ['sent', 'delivered', 'bounced', 'complained']), failed: count(0, ['failed']), pending: 0 });
    expect(after[0]!.sent + after[0]!.failed).toBe(6);
    expect(after[0]!.failed).toBe(1);
    // The refused recipient is out of the flow; the other five wait a day for step 2.
    expect(after[1]).toMatchObject({ stepIndex: 1, sent: 0, failed: 0, pending: 5 });

    // The page's words: step 1 is processed (not "Due"), step 2 is still scheduled.
    const schedule = await db.campaignStep.findMany({ where: { campaignId: c.campaign.id }, orderBy: { stepIndex: 'asc' } });
    const now = new Date();
    expect(stepState(schedule[0]!, after[0], now)).toBe(schedule[0]!.finishedAt ? 'finished' : 'sent');
    expect(stepState(schedule[1]!, after[1], now)).toBe('scheduled');

    // Another workspace asking about this campaign sees nothing.
    expect(await stepProgress('00000000-0000-4000-8000-000000000000', c.campaign.id)).toEqual([]);

    // A sent email that bounces later counts as sent and as failed, and the words say so.
    const sent = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, stepIndex: 0, status: { in: ['sent', 'delivered'] } } });
    expect(await applyFeedback(sent.id, { type: 'bounced', at: new Date(), source: 'webhook', reason: '550 mailbox gone' })).toBe('recorded');
    const bounced = (await stepProgress(c.workspace.id, c.campaign.id))[0]!;
    expect(bounced).toMatchObject({ sent: after[0]!.sent, failed: 2, bounced: 1 });
    expect(failedInWords(formatter(), bounced.failed, bounced.bounced)).toBe('2 failed: 1 not sent, 1 bounced after sending');
  });

  it('says how many failures bounced after sending', () => {
    const f = formatter();
    expect(failedInWords(f, 9, 0)).toBe('9 failed');
    expect(failedInWords(f, 7, 7)).toBe('7 failed, all bounced after sending');
    expect(failedInWords(f, 1_209, 7)).toBe('1,209 failed: 1,202 not sent, 7 bounced after sending');
  });

  it('names a due step with nobody left to send to, and one part-way through', () => {
    const due = { dueAt: new Date(Date.now() - 60_000), finishedAt: null };
    expect(stepState(due, { sent: 0, failed: 0, pending: 0 }, new Date())).toBe('skipped');
    expect(stepState(due, { sent: 3, failed: 0, pending: 2 }, new Date())).toBe('sending');
    expect(stepState(due, { sent: 0, failed: 0, pending: 2 }, new Date())).toBe('due');
  });
});
