/** SMS and WhatsApp campaigns through dispatch, the Twilio client and the simulator: delivery status, failures, STOP and START. */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { createFlow } from '@/lib/flows/service';
import { createTemplate } from '@/lib/templates/service';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { templateInputSchema } from '@/lib/templates/schema';
import { recipientsByEmail, tenant } from '../campaigns/helpers';
import { dispatchUntilDone } from '../delivery-engine/helpers';
import { withTwilio } from './helpers';
import { outboxEvents } from '../helpers/outbox';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { recipientStateCounts } from '@/lib/campaigns/tallies';
import { recipientBreakdown } from '@/lib/campaigns/queries';

const UNDELIVERABLE = '+447700900102';
const tw = withTwilio({ messageScript: (to) => ({ outcome: to === UNDELIVERABLE ? 'undelivered' : 'delivered' }) });
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

async function textCampaign(t: Awaited<ReturnType<typeof tenant>>, channel: 'sms' | 'whatsapp', name: string) {
  const template = await createTemplate(t.workspace.id, templateInputSchema.parse({ name, channel, content: { body: 'Hi {{ first_name }}, your code is 4411. Reply STOP to opt out.' } }));
  const flow = await createFlow(t.workspace.id, { name, steps: [{ type: channel === 'sms' ? 'SEND_SMS' : 'SEND_WHATSAPP', templateId: template.id }] } as never);
  const { campaign } = await createCampaign(t.actor, { name, segmentId: t.segment.id, flowId: flow.id, startDate: yesterday(), startTimeOfDay: '09:00' } as never);
  await activateCampaign(t.actor, campaign.id);
  await dispatchUntilDone(() => dispatchCampaign(campaign.id, { maxMs: 5_000 }), 20_000);
  await tw.sim.settled();
  return campaign;
}

describe('text campaigns', () => {
  it('sends each SMS once with the contact’s words, records delivered and undelivered, and skips contacts without a number or consent', async () => {
    const t = await tenant();
    await db.contact.createMany({
      data: [
        { phone: '+447700900101', smsOptIn: true },
        { phone: UNDELIVERABLE, smsOptIn: true },
        { phone: '+447700900103', smsOptIn: false },
        { phone: null, smsOptIn: true },
      ].map((c, i) => ({ ...c, workspaceId: t.workspace.id, email: `t${i}.${randomUUID().slice(0, 8)}@example.test`, firstName: `Texter${i}`, tags: ['camp'], marketingOptIn: true })),
    });
    const campaign = await textCampaign(t, 'sms', 'Codes');
    const recipients = [...(await recipientsByEmail(campaign.id)).values()];
    expect(recipients.map((r) => [r.state, r.exclusionReason])).toEqual([
      ['completed', null],
      ['not_reached', null],
      ['excluded', 'no_sms_opt_in'],
      ['excluded', 'no_phone'],
    ]);
    // One meaning of excluded: the campaign's count, its summary, its recipient states and the page's reasons agree,
    // send-time exclusions included.
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect([row.targetedCount, row.excludedCount]).toEqual([4, 2]);
    expect(await campaignSummary(t.workspace.id, campaign.id)).toMatchObject({ targeted: 4, excluded: 2 });
    expect(await recipientStateCounts(campaign.id)).toMatchObject({ total: 4, excluded: 2, completed: 1, not_reached: 1 });
    expect((await recipientBreakdown(t.workspace.id, campaign.id)).exclusions).toEqual({ no_phone: 1, no_sms_opt_in: 1 });
    const sent = tw.sim.messages.filter((m) => m.body.includes('4411'));
    expect(sent.map((m) => [m.to, m.body]).sort()).toEqual([
      ['+447700900101', 'Hi Texter0, your code is 4411. Reply STOP to opt out.'],
      [UNDELIVERABLE, 'Hi Texter1, your code is 4411. Reply STOP to opt out.'],
    ]);
    const messages = await db.message.findMany({ where: { campaignId: campaign.id }, orderBy: { toAddress: 'asc' } });
    expect(messages.map((m) => [m.channel, m.status])).toEqual([['sms', 'delivered'], ['sms', 'failed']]);
    expect(messages[1].failureReason).toContain('twilio_30003');
    const events = (await outboxEvents({ workspaceId: t.workspace.id }, { campaign_id: campaign.id, entity_type: 'message' })).map((e) => e.payload);
    expect(events.map((e) => `${e.event_type}:${e.channel}`).sort()).toEqual(['message_delivered:sms', 'message_failed:sms', 'message_sent:sms', 'message_sent:sms']);
  }, 60_000);

  it('sends WhatsApp messages from the WhatsApp sender to whatsapp: addresses', async () => {
    const t = await tenant();
    await db.contact.create({ data: { workspaceId: t.workspace.id, email: `w.${randomUUID().slice(0, 8)}@example.test`, firstName: 'Wanda', phone: '+447700900201', whatsappOptIn: true, tags: ['camp'], marketingOptIn: true } });
    const campaign = await textCampaign(t, 'whatsapp', 'WhatsApp codes');
    const m = tw.sim.messages.find((x) => x.to === 'whatsapp:+447700900201')!;
    expect(m.from).toBe('whatsapp:+15005550006');
    expect(m.body).toContain('Hi Wanda');
    expect((await db.message.findFirstOrThrow({ where: { campaignId: campaign.id } })).status).toBe('delivered');
    const events = (await outboxEvents({ workspaceId: t.workspace.id }, { campaign_id: campaign.id, entity_type: 'message' })).map((e) => e.payload);
    expect(events.map((e) => `${e.event_type}:${e.channel}`).sort()).toEqual(['message_delivered:whatsapp', 'message_sent:whatsapp']);
  }, 60_000);

  it('STOP opts the number out of SMS (a later campaign leaves it out); START opts it back in', async () => {
    const t = await tenant();
    const phone = '+447700900301';
    const contact = await db.contact.create({ data: { workspaceId: t.workspace.id, email: `s.${randomUUID().slice(0, 8)}@example.test`, phone, smsOptIn: true, whatsappOptIn: true, tags: ['camp'], marketingOptIn: true } });
    expect(await tw.sim.sendInbound(phone, ' stop ')).toBe(200);
    expect(await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ smsOptIn: false, whatsappOptIn: true });
    const campaign = await textCampaign(t, 'sms', 'After STOP');
    expect(await db.campaignRecipient.findFirstOrThrow({ where: { campaignId: campaign.id } })).toMatchObject({ state: 'excluded', exclusionReason: 'no_sms_opt_in' });
    expect(await tw.sim.sendInbound(phone, 'START')).toBe(200);
    expect((await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).smsOptIn).toBe(true);
    // A STOP on WhatsApp is about WhatsApp only; other words change nothing.
    await tw.sim.sendInbound(`whatsapp:${phone}`, 'STOP');
    await tw.sim.sendInbound(phone, 'Thanks!');
    expect(await db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ smsOptIn: true, whatsappOptIn: false });
  }, 60_000);
});
