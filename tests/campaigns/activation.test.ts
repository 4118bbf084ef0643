import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { deterministicEventId, toClickHouseRow } from '@/lib/analytics/events';
import { createCampaign } from '@/lib/campaigns/crud';
import { completeCampaign, pauseCampaign, resumeCampaign } from '@/lib/campaigns/status';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createFlow } from '@/lib/flows/service';
import * as status from '@/app/api/campaigns/[id]/status/route';
import { addContacts, call, tenant, type ContactSpec } from './helpers';
import { outboxEvents } from '../helpers/outbox';

const NOW = new Date('2026-06-01T06:00:00.000Z');

/** An independent count of what activation should find: matching contacts of the workspace and their exclusion reasons. */
async function expectedCounts(workspaceId: string, tag: string) {
  const contacts = await db.contact.findMany({ where: { workspaceId } });
  const suppressions = new Map((await db.suppression.findMany({ where: { workspaceId } })).map((s) => [s.email, s.reason]));
  const matching = contacts.filter((c) => c.tags.includes(tag));
  const reasons: Record<string, number> = {};
  for (const c of matching) {
    const reason = suppressions.has(c.email) ? `suppressed:${suppressions.get(c.email)}` : c.unsubscribedAt ? 'unsubscribed' : !c.marketingOptIn ? 'no_marketing_opt_in' : null;
    if (reason) reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  const excluded = Object.values(reasons).reduce((a, b) => a + b, 0);
  return { targeted: matching.length, excluded, pending: matching.length - excluded, reasons };
}

const mix: ContactSpec[] = [
  ...Array.from({ length: 12 }, () => ({})),
  ...Array.from({ length: 4 }, () => ({ optIn: false })),
  ...Array.from({ length: 3 }, () => ({ unsubscribed: true, optIn: false })),
  ...Array.from({ length: 2 }, () => ({ suppressed: 'bounced' as const })),
  { suppressed: 'complained', unsubscribed: true },
  { suppressed: 'manual', optIn: false },
  ...Array.from({ length: 7 }, () => ({ tags: ['other'] })),
  { tags: ['camp', 'vip'] },
];

describe('activateCampaign', () => {
  it('snapshots the segment with exclusions and reasons that match an independent count', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, mix);
    const stranger = await tenant();
    await addContacts(stranger.workspace.id, Array.from({ length: 5 }, () => ({})));
    const flow = await createFlow(t.workspace.id, {
      name: 'Three emails',
      steps: [
        { type: 'SEND_EMAIL', templateId: t.templates[0].id },
        { type: 'WAIT', waitDays: 2, waitHours: 0 },
        { type: 'SEND_EMAIL', templateId: t.templates[1].id },
        { type: 'WAIT', waitDays: 0, waitHours: 6 },
        { type: 'SEND_EMAIL', templateId: t.templates[2].id },
      ],
    });
    const { campaign } = await createCampaign(t.actor, { name: 'Mix', segmentId: t.segment.id, flowId: flow.id, startDate: '2026-06-01', startTimeOfDay: '09:00' });
    const result = await activateCampaign(t.actor, campaign.id, NOW);
    const expected = await expectedCounts(t.workspace.id, 'camp');

    expect(expected).toEqual({ targeted: 24, excluded: 11, pending: 13, reasons: { no_marketing_opt_in: 4, unsubscribed: 3, 'suppressed:bounced': 2, 'suppressed:complained': 1, 'suppressed:manual': 1 } });
    expect(result.targeted).toBe(expected.targeted);
    expect(result.excluded).toBe(expected.excluded);
    expect(result.exclusions).toEqual(expected.reasons);
    expect(result.messagesToSend).toBe(expected.pending * 3);
    expect(result.firstSendAt?.toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(result.campaign).toMatchObject({ status: 'active', targetedCount: 24, excludedCount: 11, scheduledCount: 39, activatedById: t.keyId });

    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id } });
    expect(recipients).toHaveLength(24);
    const grouped: Record<string, number> = {};
    for (const r of recipients) if (r.state === 'excluded') grouped[r.exclusionReason!] = (grouped[r.exclusionReason!] ?? 0) + 1;
    expect(grouped).toEqual(expected.reasons);
    for (const r of recipients.filter((r) => r.state === 'pending')) {
      expect(r).toMatchObject({ nextStep: 0, exclusionReason: null, timeZone: 'Europe/London' });
      expect(r.nextDueAt?.toISOString()).toBe('2026-06-01T08:00:00.000Z');
    }
    for (const r of recipients.filter((r) => r.state === 'excluded')) expect(r.nextDueAt).toBeNull();

    const steps = await db.campaignStep.findMany({ where: { campaignId: campaign.id }, orderBy: { stepIndex: 'asc' } });
    expect(steps.map((s) => [s.stepIndex, s.offsetMinutes, s.dueAt.toISOString(), s.templateId])).toEqual([
      [0, 0, '2026-06-01T08:00:00.000Z', t.templates[0].id],
      [1, 2880, '2026-06-03T08:00:00.000Z', t.templates[1].id],
      [2, 3240, '2026-06-03T14:00:00.000Z', t.templates[2].id],
    ]);
    expect(steps.map((s) => s.flowStepId)).toEqual([flow.steps[0].id, flow.steps[2].id, flow.steps[4].id]);
  });

  it('writes an audit row and an outbox event with a deterministic id for every change', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}, {}]);
    const { campaign } = await createCampaign(t.actor, { name: 'Audit', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: '2026-06-01' });
    await activateCampaign(t.actor, campaign.id, NOW);
    await pauseCampaign(t.actor, campaign.id, new Date(NOW.getTime() + 1000));
    await resumeCampaign(t.actor, campaign.id, new Date(NOW.getTime() + 2000));
    await completeCampaign(t.actor, campaign.id, new Date(NOW.getTime() + 3000));

    const log = await db.campaignStatusChange.findMany({ where: { campaignId: campaign.id }, orderBy: { id: 'asc' } });
    expect(log.map((l) => [l.fromStatus, l.toStatus, l.actorId, l.workspaceId])).toEqual([
      ['draft', 'active', t.keyId, t.workspace.id],
      ['active', 'paused', t.keyId, t.workspace.id],
      ['paused', 'active', t.keyId, t.workspace.id],
      ['active', 'completed', t.keyId, t.workspace.id],
    ]);
    const outbox = (await outboxEvents({ workspaceId: t.workspace.id })).sort((a, b) => a.payload.occurred_at.localeCompare(b.payload.occurred_at));
    expect(outbox).toHaveLength(2);
    const [started, completed] = outbox;
    expect(started.id).toBe(deterministicEventId([campaign.id, 'campaign_started', log[0].id.toString()]));
    expect(completed.id).toBe(deterministicEventId([campaign.id, 'campaign_completed', log[3].id.toString()]));
    expect(started.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The outbox holds the ClickHouse row of the event the flusher ships.
    expect(started.payload).toEqual(
      toClickHouseRow({
        id: started.id,
        tenantId: t.workspace.id,
        eventType: 'campaign_started',
        entityType: 'campaign',
        entityId: campaign.id,
        channel: 'email',
        sourceType: 'campaign',
        sourceId: campaign.id,
        campaignId: campaign.id,
        metadata: { from: 'draft', to: 'active', actorId: t.keyId },
        occurredAt: NOW.toISOString(),
      }),
    );
    expect(completed.payload).toMatchObject({ event_type: 'campaign_completed', campaign_id: campaign.id });
    expect(JSON.parse(completed.payload.metadata)).toEqual({ from: 'active', to: 'completed', actorId: t.keyId });
  });

  it('completes on its own, in the same call, when nothing matches', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{ tags: ['other'] }]);
    const { campaign } = await createCampaign(t.actor, { name: 'Nobody', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: '2026-06-01' });
    const res = await call(status.PUT, t.key, { method: 'PUT', params: { id: campaign.id }, body: { status: 'active' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ targeted: 0, excluded: 0, messagesToSend: 0, firstSendAt: null });
    expect(res.body.campaign).toMatchObject({ status: 'completed', scheduledCount: 0 });
    const log = await db.campaignStatusChange.findMany({ where: { campaignId: campaign.id }, orderBy: { id: 'asc' } });
    expect(log.map((l) => `${l.fromStatus}→${l.toStatus}`)).toEqual(['draft→active', 'active→completed']);
    expect(log[1].note).toBe('No contact matched the segment');
    const events = await outboxEvents({ workspaceId: t.workspace.id });
    expect(events.map((e) => e.payload.event_type).sort()).toEqual(['campaign_completed', 'campaign_started']);
    expect(await db.campaignStep.count({ where: { campaignId: campaign.id, finishedAt: null } })).toBe(0);
  });

  it('also completes at once when every match is excluded', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{ optIn: false }, { suppressed: 'manual' }]);
    const { campaign } = await createCampaign(t.actor, { name: 'Excluded', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: '2026-06-01' });
    const result = await activateCampaign(t.actor, campaign.id, NOW);
    expect(result).toMatchObject({ targeted: 2, excluded: 2, messagesToSend: 0 });
    expect(result.campaign.status).toBe('completed');
  });

  it('sends in each recipient zone: one schedule row per step and zone, others in the campaign zone', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [
      { timeZone: 'Asia/Tokyo' },
      { timeZone: 'Asia/Tokyo' },
      { timeZone: 'America/New_York' },
      { timeZone: null },
      { timeZone: 'Not/AZone' },
      { timeZone: 'Australia/Sydney', optIn: false },
    ]);
    const flow = await createFlow(t.workspace.id, {
      name: 'Two',
      steps: [{ type: 'SEND_EMAIL', templateId: t.templates[0].id }, { type: 'WAIT', waitDays: 1, waitHours: 0 }, { type: 'SEND_EMAIL', templateId: t.templates[1].id }],
    });
    const { campaign } = await createCampaign(t.actor, {
      name: 'Zones', segmentId: t.segment.id, flowId: flow.id, startDate: '2026-06-01', startTimeOfDay: '09:00', useRecipientTimeZone: true,
    });
    const result = await activateCampaign(t.actor, campaign.id, NOW); // 06:00Z: Tokyo's 09:00 (00:00Z) has passed
    const steps = await db.campaignStep.findMany({ where: { campaignId: campaign.id }, orderBy: [{ timeZone: 'asc' }, { stepIndex: 'asc' }] });
    expect(steps.map((s) => [s.timeZone, s.stepIndex, s.dueAt.toISOString()])).toEqual([
      ['America/New_York', 0, '2026-06-01T13:00:00.000Z'],
      ['America/New_York', 1, '2026-06-02T13:00:00.000Z'],
      ['Asia/Tokyo', 0, NOW.toISOString()],
      ['Asia/Tokyo', 1, '2026-06-02T06:00:00.000Z'],
      ['Europe/London', 0, '2026-06-01T08:00:00.000Z'],
      ['Europe/London', 1, '2026-06-02T08:00:00.000Z'],
    ]);
    const recipients = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id, state: 'pending' } });
    const zoneOf = new Map((await db.contact.findMany({ where: { id: { in: recipients.map((r) => r.contactId) } }, select: { id: true, timeZone: true } })).map((c) => [c.id, c.timeZone]));
    for (const r of recipients) {
      const row = steps.find((s) => s.stepIndex === 0 && s.timeZone === r.timeZone)!;
      expect(r.nextDueAt?.toISOString()).toBe(row.dueAt.toISOString());
      const own = zoneOf.get(r.contactId);
      expect(r.timeZone).toBe(own === 'Asia/Tokyo' || own === 'America/New_York' ? own : 'Europe/London');
    }
    expect(result.firstSendAt?.toISOString()).toBe(NOW.toISOString());
    expect(result.messagesToSend).toBe(5 * 2);
  });

  it('pause keeps the schedule, resume leaves past-due recipients due, complete finishes what is left', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}, {}, {}]);
    const { campaign } = await createCampaign(t.actor, { name: 'Lifecycle', segmentId: t.segment.id, templateId: t.templates[0].id, startDate: '2026-06-01', startTimeOfDay: '07:00' });
    await activateCampaign(t.actor, campaign.id, NOW);
    const paused = await pauseCampaign(t.actor, campaign.id, new Date('2026-06-01T06:30:00Z'));
    expect(paused.campaign).toMatchObject({ status: 'paused', pausedById: t.keyId });
    const resumed = await resumeCampaign(t.actor, campaign.id, new Date('2026-06-01T09:00:00Z'));
    expect(resumed.campaign.status).toBe('active');
    const due = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id } });
    expect(due.every((r) => r.state === 'pending' && r.nextDueAt?.toISOString() === '2026-06-01T06:00:00.000Z')).toBe(true);
    await pauseCampaign(t.actor, campaign.id);
    const done = await completeCampaign(t.actor, campaign.id);
    expect(done.campaign).toMatchObject({ status: 'completed', completedById: t.keyId });
    expect(await db.campaignStep.count({ where: { campaignId: campaign.id, finishedAt: null } })).toBe(0);
    expect(await db.campaignRecipient.count({ where: { campaignId: campaign.id, state: 'pending' } })).toBe(3);
    await expect(resumeCampaign(t.actor, campaign.id)).rejects.toMatchObject({ status: 409 });
  });
});
