import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createCampaign } from '@/lib/campaigns/crud';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { controlCounts, controlsOfContacts } from '@/lib/engagement/controls';
import { updateWorkspaceEngagement } from '@/lib/engagement/settings';
import { addContacts, tenant } from '../campaigns/helpers';
import { warmUp } from '../delivery-engine/helpers';

beforeAll(warmUp);

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

async function runUntilIdle(campaignId: string) {
  for (let i = 0; i < 50; i++) {
    const r = await dispatchCampaign(campaignId, { batchSize: 25, maxMs: 5_000 });
    if (r.stoppedBecause !== 'budget') return r;
  }
  throw new Error('dispatch never went idle');
}

describe('frequency caps', () => {
  it('never let two campaigns dispatched in parallel exceed the cap for a contact; capped sends are deferred or skipped, with the reason', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, Array.from({ length: 120 }, () => ({})));
    await updateWorkspaceEngagement(t.workspace.id, { frequencyCaps: [{ channel: 'email', limit: 1, days: 7 }] });
    const deferring = await createCampaign(t.actor, { name: 'Cap A', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: yesterday(), timeZone: 'UTC' } as never);
    const skipping = await createCampaign(t.actor, { name: 'Cap B', segmentId: t.segment.id, templateId: t.templates[1].id, startDate: yesterday(), timeZone: 'UTC', cappedSends: 'skip' } as never);
    await activateCampaign(t.actor, deferring.campaign.id);
    await activateCampaign(t.actor, skipping.campaign.id);

    // Four dispatchers at once, two per campaign, racing for the same 120 contacts.
    await Promise.all([deferring, skipping, deferring, skipping].map((c) => dispatchCampaign(c.campaign.id, { batchSize: 10, maxMs: 20_000, concurrency: 4 })));

    const perContact = await db.$queryRawUnsafe<{ contact_id: string; n: number }[]>(
      `SELECT contact_id::text, count(*)::int AS n FROM messages WHERE workspace_id = $1::uuid AND status IN ('sent', 'delivered') GROUP BY contact_id`,
      t.workspace.id,
    );
    expect(perContact).toHaveLength(120); // everybody got exactly one email …
    expect(perContact.every((r) => Number(r.n) === 1)).toBe(true); // … and nobody two
    const ledger = await db.contactSend.groupBy({ by: ['contactId'], where: { workspaceId: t.workspace.id }, _count: { _all: true } });
    expect(ledger.every((l) => l._count._all === 1)).toBe(true);

    const a = await controlCounts(deferring.campaign.id);
    const b = await controlCounts(skipping.campaign.id);
    const sentA = await db.message.count({ where: { campaignId: deferring.campaign.id, status: 'sent' } });
    const sentB = await db.message.count({ where: { campaignId: skipping.campaign.id, status: 'sent' } });
    expect(sentA + sentB).toBe(120);
    // Campaign A's capped contacts wait for their place (7 days); campaign B's capped ones were skipped and are done.
    expect(a.contacts['frequency_cap.deferred'] ?? 0).toBe(120 - sentA);
    expect(b.contacts['frequency_cap.skipped'] ?? 0).toBe(120 - sentB);
    expect(await db.campaignRecipient.count({ where: { campaignId: skipping.campaign.id, state: 'completed' } })).toBe(120);
    const waitingA = await db.campaignRecipient.findMany({ where: { campaignId: deferring.campaign.id, state: 'pending' } });
    expect(waitingA).toHaveLength(120 - sentA);
    for (const r of waitingA) expect(r.nextDueAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    if (waitingA.length) {
      const [entry] = (await controlsOfContacts(deferring.campaign.id, [waitingA[0].contactId])).get(waitingA[0].contactId)!;
      expect(entry).toMatchObject({ control: 'frequency_cap', action: 'deferred' });
      expect(entry.detail).toContain('1 of 1 email messages in 7 days');
      expect(a.waiting.find((w) => w.control === 'frequency_cap')?.contacts).toBe(waitingA.length);
    }
  });
});

describe('quiet hours', () => {
  it('hold sends to contacts whose local time is inside the window until it ends, and let the others through', async () => {
    const t = await tenant();
    // A window around "now" in UTC: contacts in UTC are inside it, contacts twelve hours away are not.
    const now = new Date();
    const start = hhmm(new Date(now.getTime() - 30 * 60_000));
    const end = hhmm(new Date(now.getTime() + 60 * 60_000));
    await updateWorkspaceEngagement(t.workspace.id, { quietHoursStart: start, quietHoursEnd: end });
    await addContacts(t.workspace.id, [...Array.from({ length: 5 }, () => ({ timeZone: 'UTC' })), ...Array.from({ length: 5 }, () => ({ timeZone: 'Pacific/Kiritimati' }))]);
    const { campaign } = await createCampaign(t.actor, { name: 'Quiet', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: yesterday(), timeZone: 'UTC' } as never);
    await activateCampaign(t.actor, campaign.id);
    const r = await runUntilIdle(campaign.id);
    expect(r.sent).toBe(5); // Kiritimati is UTC+14: outside the window
    const held = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id, state: 'pending' } });
    expect(held).toHaveLength(5);
    // The window ends at `end` an hour from now (to the minute), across midnight or not.
    const windowEnd = Math.floor((now.getTime() + 60 * 60_000) / 60_000) * 60_000;
    for (const h of held) expect(h.nextDueAt!.getTime()).toBe(windowEnd);
    expect(r.nextDueAt!.getTime()).toBe(windowEnd); // dispatch looks again when the window ends, not before
    const counts = await controlCounts(campaign.id);
    expect(counts.waiting).toEqual([{ control: 'quiet_hours', contacts: 5, nextAt: new Date(windowEnd).toISOString() }]);

    // The campaign opts out of quiet hours: the held contacts go at their next look.
    await db.campaign.update({ where: { id: campaign.id }, data: { quietHours: 'off' } });
    await db.campaignRecipient.updateMany({ where: { campaignId: campaign.id, state: 'pending' }, data: { nextDueAt: new Date() } });
    expect((await runUntilIdle(campaign.id)).sent).toBe(5);
  });
});

describe('holdout', () => {
  it('keeps a deterministic share of the segment out of the campaign, excluded as holdout', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, Array.from({ length: 400 }, () => ({})));
    const { campaign } = await createCampaign(t.actor, { name: 'Holdout', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: yesterday(), timeZone: 'UTC', holdoutPercent: 25 } as never);
    const result = await activateCampaign(t.actor, campaign.id);
    const held = result.exclusions.holdout ?? 0;
    expect(held).toBeGreaterThan(60);
    expect(held).toBeLessThan(140);
    await runUntilIdle(campaign.id);
    const heldIds = (await db.campaignRecipient.findMany({ where: { campaignId: campaign.id, exclusionReason: 'holdout' }, select: { contactId: true } })).map((r) => r.contactId);
    expect(await db.message.count({ where: { campaignId: campaign.id, contactId: { in: heldIds } } })).toBe(0);
    expect(await db.message.count({ where: { campaignId: campaign.id, status: 'sent' } })).toBe(400 - held);
  });
});
