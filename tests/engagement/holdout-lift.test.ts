import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createCampaign } from '@/lib/campaigns/crud';
import { recordEvents } from '@/lib/analytics/outbox';
import { flushOutbox } from '@/lib/analytics/flush';
import { campaignContacts } from '@/lib/analytics/campaign-contacts';
import { holdoutLift } from '@/lib/engagement/holdout';
import { addContacts, tenant } from '../campaigns/helpers';
import { withAnalyticsStores } from '../analytics/helpers';

withAnalyticsStores();

describe('lift against the holdout', () => {
  it('compares the conversion rate of the reached contacts with the held-out ones, for a chosen event', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, Array.from({ length: 400 }, () => ({})));
    const { campaign } = await createCampaign(t.actor, { name: 'Lift', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: '2026-01-01', timeZone: 'UTC', holdoutPercent: 30 } as never);
    await activateCampaign(t.actor, campaign.id);
    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id }, orderBy: { contactId: 'asc' } });
    const held = recipients.filter((r) => r.exclusionReason === 'holdout');
    const reached = recipients.filter((r) => r.state !== 'excluded');
    expect(held.length + reached.length).toBe(400);

    // Half the reached contacts convert, a tenth of the held-out ones; another event type does not count.
    const converting = [...reached.filter((_, i) => i % 2 === 0), ...held.filter((_, i) => i % 10 === 0)];
    const at = new Date();
    await db.$transaction((tx) =>
      recordEvents(tx, [
        ...converting.map((r) => ({ tenantId: t.workspace.id, eventType: 'workflow_run_goal_reached' as const, entityType: 'workflow_run', entityId: `goal-${r.contactId}`, channel: 'email' as const, sourceType: 'workflow', contactId: r.contactId, occurredAt: at })),
        ...held.map((r) => ({ tenantId: t.workspace.id, eventType: 'qr_scanned' as const, entityType: 'qr_code', entityId: `scan-${r.contactId}`, channel: 'email' as const, sourceType: 'qr', contactId: r.contactId, occurredAt: at })),
      ]),
    );
    await flushOutbox();

    const lift = (await holdoutLift(t.workspace.id, campaign.id, 'workflow_run_goal_reached'))!;
    expect(lift.treated).toEqual({ contacts: reached.length, converted: Math.ceil(reached.length / 2), rate: Math.ceil(reached.length / 2) / reached.length });
    expect(lift.holdout).toEqual({ contacts: held.length, converted: Math.ceil(held.length / 10), rate: Math.ceil(held.length / 10) / held.length });
    expect(lift.test!.difference).toBeCloseTo(lift.treated.rate - lift.holdout.rate, 10);
    expect(lift.test!.pValue).toBeLessThan(0.001);

    // The held-out contacts are a list of their own on the dashboard.
    const list = await campaignContacts(t.workspace.id, campaign.id, { control: 'holdout', limit: 500 } as never);
    expect(list.total).toBe(held.length);
    expect(list.items.every((i) => i.exclusionReason === 'holdout')).toBe(true);
  });
});
