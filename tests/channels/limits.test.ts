/**
 * The limits a phone campaign keeps: each sending number's rate, a pause that stops texts within 2 s with nothing sent
 * twice after the resume, and calls only inside the step's calling hours in the contact's own zone.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { createFlow } from '@/lib/flows/service';
import { createTemplate } from '@/lib/templates/service';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { pauseCampaign, resumeCampaign } from '@/lib/campaigns/status';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { templateInputSchema } from '@/lib/templates/schema';
import { callingHoursOpenAt, nextCallTime } from '@/lib/channels/calling-hours';
import { DEFAULT_CALL_POLICY } from '@/lib/channels/content';
import { tenant } from '../campaigns/helpers';
import { withTwilio } from './helpers';

const tw = withTwilio();
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

async function withRate(perSecond: number, fn: () => Promise<void>) {
  const before = process.env.TWILIO_MESSAGES_PER_SECOND;
  process.env.TWILIO_MESSAGES_PER_SECOND = String(perSecond);
  resetEnvCache();
  try {
    await fn();
  } finally {
    process.env.TWILIO_MESSAGES_PER_SECOND = before;
    resetEnvCache();
  }
}

async function smsCampaign(n: number, tag: string) {
  const t = await tenant();
  await db.contact.createMany({
    data: Array.from({ length: n }, (_, i) => ({ workspaceId: t.workspace.id, email: `r${i}.${randomUUID().slice(0, 6)}@example.test`, firstName: `R${i}`, phone: `+4477009${String(i).padStart(5, '0')}`, smsOptIn: true, tags: ['camp'], marketingOptIn: true })),
  });
  const template = await createTemplate(t.workspace.id, templateInputSchema.parse({ name: tag, channel: 'sms', content: { body: `${tag} {{ first_name }}` } }));
  const flow = await createFlow(t.workspace.id, { name: tag, steps: [{ type: 'SEND_SMS', templateId: template.id }] } as never);
  const { campaign } = await createCampaign(t.actor, { name: tag, segmentId: t.segment.id, flowId: flow.id, startDate: yesterday(), startTimeOfDay: '09:00' } as never);
  await activateCampaign(t.actor, campaign.id);
  return { ...t, campaign };
}

const sentWith = (tag: string) => tw.sim.messages.filter((m) => m.body.startsWith(`${tag} `));

describe('phone campaign limits', () => {
  it('sends no faster than the sending number allows', async () => {
    await withRate(10, async () => {
      const c = await smsCampaign(30, 'rate');
      const t0 = Date.now();
      const r = await dispatchCampaign(c.campaign.id, { maxMs: 30_000 });
      const seconds = (Date.now() - t0) / 1000;
      expect(r.sent).toBe(30);
      // A token bucket of 10/s starts with one second's worth: 30 texts take at least two more seconds.
      expect(seconds).toBeGreaterThan(1.8);
      expect(sentWith('rate')).toHaveLength(30);
    });
  }, 60_000);

  it('stops texting within 2 s of a pause; the resume sends the rest and nobody twice', async () => {
    await withRate(10, async () => {
      const c = await smsCampaign(60, 'pause');
      const running = dispatchCampaign(c.campaign.id, { maxMs: 60_000 });
      while (sentWith('pause').length < 15) await new Promise((r) => setTimeout(r, 20));
      await pauseCampaign(c.actor, c.campaign.id);
      const pausedAt = Date.now();
      const stopped = await running;
      expect(stopped.stoppedBecause).toBe('paused');
      expect(Date.now() - pausedAt).toBeLessThan(2_000);
      const atPause = sentWith('pause').length;
      expect(atPause).toBeLessThan(60);
      await new Promise((r) => setTimeout(r, 500));
      expect(sentWith('pause')).toHaveLength(atPause);

      await resumeCampaign(c.actor, c.campaign.id);
      for (let i = 0; i < 10; i++) if ((await dispatchCampaign(c.campaign.id, { maxMs: 30_000 })).stoppedBecause === 'completed') break;
      await tw.sim.settled();
      const numbers = sentWith('pause').map((m) => m.to);
      expect(numbers).toHaveLength(60);
      expect(new Set(numbers).size).toBe(60);
      expect(await db.message.count({ where: { campaignId: c.campaign.id } })).toBe(60);
    });
  }, 90_000);

  it('calls only inside the calling hours in the contact’s zone, DST included', () => {
    const policy = DEFAULT_CALL_POLICY; // 09:00–20:00
    // 07:30 in New York (12:30 UTC on 2 July, EDT): the hours open at 09:00 there, 13:00 UTC.
    expect(callingHoursOpenAt(policy, 'America/New_York', Date.UTC(2026, 6, 2, 11, 30))).toBe(Date.UTC(2026, 6, 2, 13, 0));
    // 14:00 in Tokyo is inside the hours: call now.
    expect(callingHoursOpenAt(policy, 'Asia/Tokyo', Date.UTC(2026, 6, 2, 5, 0))).toBeNull();
    // 21:15 in London (BST): the next morning at 09:00 BST.
    expect(callingHoursOpenAt(policy, 'Europe/London', Date.UTC(2026, 6, 2, 20, 15))).toBe(Date.UTC(2026, 6, 3, 8, 0));
    // A retry due at 19:58 plus 5 minutes in Paris waits for the next morning; a contact without a zone follows the campaign's.
    expect(nextCallTime(policy, 'Europe/Paris', 'UTC', Date.UTC(2026, 0, 15, 19, 3)).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(nextCallTime(policy, null, 'Asia/Tokyo', Date.UTC(2026, 0, 15, 3, 0)).toISOString()).toBe('2026-01-15T03:00:00.000Z');
  });

  it('defers a call due outside its calling hours to their opening, noted on the contact', async () => {
    const t = await tenant();
    // Calling hours that are closed right now in UTC: they open in two hours and last one hour.
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const opens = Math.ceil((Date.now() + 2 * 3_600_000) / 60_000) * 60_000;
    const template = await createTemplate(t.workspace.id, templateInputSchema.parse({ name: 'Later', channel: 'call', content: { script: 'Hello.' } }));
    const flow = await createFlow(t.workspace.id, { name: 'Later', steps: [{ type: 'PLACE_CALL', templateId: template.id, callPolicy: { maxAttempts: 1, retryMinutes: 5, callingHoursStart: hhmm(opens), callingHoursEnd: hhmm(opens + 3_600_000) } }] } as never);
    await db.contact.create({ data: { workspaceId: t.workspace.id, email: `late.${randomUUID().slice(0, 6)}@example.test`, phone: '+447700900301', callOptIn: true, timeZone: 'UTC', tags: ['camp'], marketingOptIn: true } });
    const { campaign } = await createCampaign(t.actor, { name: 'Later', segmentId: t.segment.id, flowId: flow.id, startDate: yesterday(), startTimeOfDay: '09:00' } as never);
    await activateCampaign(t.actor, campaign.id);
    const before = tw.sim.calls.length;
    await dispatchCampaign(campaign.id, { maxMs: 5_000 });
    expect(tw.sim.calls.length).toBe(before);
    const [r] = await db.campaignRecipient.findMany({ where: { campaignId: campaign.id } });
    expect(r.state).toBe('pending');
    expect(r.nextDueAt?.getTime()).toBe(opens);
    const note = await db.sendControl.findFirst({ where: { campaignId: campaign.id, contactId: r.contactId } });
    expect(note).toMatchObject({ control: 'calling_hours', action: 'deferred' });
  }, 60_000);
});
