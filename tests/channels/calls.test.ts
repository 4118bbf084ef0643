/**
 * Call campaigns end to end through the real dispatch, the official Twilio client, the simulator speaking Twilio's
 * API and the signed callbacks into the route handlers: outcomes, answers and intents, retries, refusals, states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { db } from '@/lib/db';
import { createFlow } from '@/lib/flows/service';
import { createTemplate } from '@/lib/templates/service';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { templateInputSchema } from '@/lib/templates/schema';
import { tenant } from '../campaigns/helpers';
import { dispatchUntilDone } from '../delivery-engine/helpers';
import { AUTH_TOKEN, withTwilio } from './helpers';
import { outboxEvents } from '../helpers/outbox';
import type { CallScript } from '@/lib/channels/simulator';
import { closeClickHouse, ensureClickHouse } from '@/lib/clickhouse';
import { flushOutbox } from '@/lib/analytics/flush';
import { campaignStats, statsQuerySchema } from '@/lib/analytics/campaign-stats';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { funnel, funnelParams } from '@/lib/analytics/queries/funnel';
import { intents, intentsParams } from '@/lib/analytics/queries/intents';

const SCRIPTS: Record<string, CallScript[]> = {
  '+447700900001': [{ outcome: 'answer', answers: ['1', 'say:yes please'] }], // interested, then qualified
  '+447700900002': [{ outcome: 'busy' }, { outcome: 'answer', answers: ['1', null] }], // busy, then interested
  '+447700900003': [{ outcome: 'no-answer' }, { outcome: 'no-answer' }], // not reached after 2 attempts
  '+447700900004': [{ outcome: 'answer', answers: ['2'] }], // not interested: refused
  '+447700900005': [{ outcome: 'failed' }],
};

const tw = withTwilio({ callScript: (to, attempt) => SCRIPTS[to]?.[attempt - 1] ?? SCRIPTS[to]?.at(-1), duplicateCallbacks: true });

beforeAll(() => ensureClickHouse(), 60_000);
afterAll(() => closeClickHouse());

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

async function callCampaign() {
  const t = await tenant();
  const template = await createTemplate(
    t.workspace.id,
    templateInputSchema.parse({
      name: 'Renewal call',
      channel: 'call',
      content: {
        script: 'Hello {{ first_name }}, this is Herald calling about your plan.',
        questions: [
          { key: 'interest', prompt: 'Press 1 if you are interested, 2 if not.', input: 'dtmf speech', choices: [{ digits: '1', words: ['yes'], intent: 'interested' }, { digits: '2', words: ['no'], intent: 'not_interested' }] },
          { key: 'budget', prompt: 'Say yes if you would like a quote today.', input: 'speech', choices: [{ words: ['yes', 'sure'], intent: 'qualified' }] },
        ],
      },
    }),
  );
  const flow = await createFlow(t.workspace.id, { name: 'Calls', steps: [{ type: 'PLACE_CALL', templateId: template.id, callPolicy: { maxAttempts: 2, retryMinutes: 1, callingHoursStart: '00:00', callingHoursEnd: '23:59' } }] } as never);
  const phones = [...Object.keys(SCRIPTS), '+447700900006'];
  await db.contact.createMany({
    data: phones.map((phone, i) => ({
      workspaceId: t.workspace.id, email: `p${i}.${randomUUID().slice(0, 8)}@example.test`, firstName: `Caller${i}`, phone, tags: ['camp'], marketingOptIn: true,
      callOptIn: i < 5, // the last one never agreed to calls
    })),
  });
  const { campaign } = await createCampaign(t.actor, { name: 'Renewals', segmentId: t.segment.id, flowId: flow.id, startDate: yesterday(), startTimeOfDay: '09:00' } as never);
  await activateCampaign(t.actor, campaign.id);
  return { ...t, campaign };
}

/** Dispatches until every call has its outcome; a retry's spacing is skipped by making it due now, as time passing would. */
async function runToEnd(campaignId: string) {
  for (let round = 0; round < 20; round++) {
    await dispatchUntilDone(() => dispatchCampaign(campaignId, { maxMs: 5_000 }), 10_000);
    await tw.sim.settled();
    const waiting = await db.campaignRecipient.count({ where: { campaignId, state: { in: ['pending', 'in_progress'] } } });
    if (!waiting) return;
    await db.campaignRecipient.updateMany({ where: { campaignId, state: 'pending' }, data: { nextDueAt: new Date() } });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The call campaign did not finish');
}

describe('call campaigns', () => {
  let c: Awaited<ReturnType<typeof callCampaign>>;

  it('places each call, follows its script and answers, retries busy and unanswered calls, and ends in seed 004’s states', async () => {
    c = await callCampaign();
    await runToEnd(c.campaign.id);
    const states = Object.fromEntries((await db.campaignRecipient.findMany({ where: { campaignId: c.campaign.id } })).map((r) => [r.contactId, r]));
    const contacts = await db.contact.findMany({ where: { workspaceId: c.workspace.id } });
    const byPhone = Object.fromEntries(contacts.map((x) => [x.phone!, states[x.id]]));
    expect(byPhone['+447700900001'].state).toBe('completed');
    expect(byPhone['+447700900002'].state).toBe('completed');
    expect(byPhone['+447700900003'].state).toBe('not_reached');
    expect(byPhone['+447700900004'].state).toBe('refused');
    expect(byPhone['+447700900005'].state).toBe('not_reached');
    expect(byPhone['+447700900006']).toMatchObject({ state: 'excluded', exclusionReason: 'no_call_opt_in' });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: c.campaign.id } })).status).toBe('completed');

    const messages = Object.fromEntries((await db.message.findMany({ where: { campaignId: c.campaign.id } })).map((m) => [m.toAddress, m]));
    expect(messages['+447700900001']).toMatchObject({ channel: 'call', status: 'delivered', callOutcome: 'completed', intent: 'qualified', attemptCount: 1 });
    expect(messages['+447700900001'].durationSeconds).toBeGreaterThan(0);
    expect(messages['+447700900002']).toMatchObject({ callOutcome: 'completed', intent: 'interested', attemptCount: 2 });
    expect(messages['+447700900003']).toMatchObject({ status: 'failed', callOutcome: 'no_answer', attemptCount: 2 });
    expect(messages['+447700900004']).toMatchObject({ callOutcome: 'refused', intent: 'not_interested' });
    expect(messages['+447700900005']).toMatchObject({ status: 'failed', callOutcome: 'failed' });
    // The script was said with the contact's name, and exactly the calls the scripts call for were placed.
    const first = tw.sim.calls.find((x) => x.to === '+447700900001')!;
    expect(first.twiml[0]).toContain('Hello Caller0, this is Herald calling');
    expect(tw.sim.calls.map((x) => x.to).sort()).toEqual(['+447700900001', '+447700900002', '+447700900002', '+447700900003', '+447700900003', '+447700900004', '+447700900005']);
  }, 120_000);

  it('emits call_ended per call, intent_detected per intent and funnel_step per stage, once each though every callback came twice', async () => {
    const events = (await outboxEvents({ workspaceId: c.workspace.id })).map((e) => e.payload);
    const of = (type: string) => events.filter((e) => e.event_type === type);
    const ended = of('call_ended');
    expect(ended).toHaveLength(7);
    expect(ended.every((e) => e.channel === 'voice' && e.campaign_id === c.campaign.id)).toBe(true);
    const outcomes = ended.map((e) => e.outcome).sort();
    expect(outcomes).toEqual(['busy', 'completed', 'completed', 'failed', 'no_answer', 'no_answer', 'refused']);
    expect(of('intent_detected').map((e) => e.label).sort()).toEqual(['interested', 'not_interested', 'qualified']);
    expect(of('funnel_step').map((e) => e.label).sort()).toEqual(['interested', 'interested', 'picked_up', 'picked_up', 'picked_up', 'qualified']);
    expect(of('message_sent')).toHaveLength(0);
  });

  it('refuses a callback whose signature does not match, and changes nothing', async () => {
    const m = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, toAddress: '+447700900004' } });
    const url = `${tw.app.url}/api/channels/twilio/status?m=${m.id}&a=1`;
    const params = { CallSid: m.providerMessageId!, CallStatus: 'completed', CallDuration: '99' };
    const forged = twilio.getExpectedTwilioSignature('not-the-token', url, params);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': forged }, body: new URLSearchParams(params).toString() });
    expect(res.status).toBe(403);
    const unsigned = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(unsigned.status).toBe(403);
    // The right signature over other parameters than were sent fails too.
    const tampered = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, { ...params, CallDuration: '1' });
    expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': tampered }, body: new URLSearchParams(params).toString() })).status).toBe(403);
    expect((await db.message.findUniqueOrThrow({ where: { id: m.id } })).durationSeconds).not.toBe(99);
    expect(tw.sim.refused).toEqual([]);
  });

  it('counts the real calls in seed 004’s stats, the funnel and the intents once the outbox ships to ClickHouse', async () => {
    for (let i = 0; i < 10 && (await flushOutbox()).shipped > 0; i++);
    const stats = await campaignStats(c.workspace.id, c.campaign.id, statsQuerySchema.parse({}));
    expect(stats.call_outcomes).toEqual({ total_attempts: 7, completed: 2, refused: 1, no_answer: 2, busy: 1, failed: 1 });
    expect(stats.contacts).toMatchObject({ total: 6, completed: 2, refused: 1, not_reached: 2, excluded: 1, pending: 0, in_progress: 0 });
    expect(stats.rates.answer_rate).toBe(42.9);
    const durations = (await db.message.findMany({ where: { campaignId: c.campaign.id, callOutcome: 'completed' } })).map((m) => m.durationSeconds!);
    expect(stats.duration_stats).toMatchObject({ min_duration_seconds: Math.min(...durations), max_duration_seconds: Math.max(...durations), total_duration_seconds: durations[0] + durations[1] });
    expect(stats.time_series_daily.reduce((a, p) => a + p.total_attempts, 0)).toBe(7);
    // Calls are not emails or texts: the summary's message channels leave them out.
    expect((await campaignSummary(c.workspace.id, c.campaign.id)).messagesByChannel).toEqual([]);

    const range = { campaignId: c.campaign.id };
    const f = await funnel(c.workspace.id, funnelParams.parse(range));
    const voice = f.funnels.find((x) => x.channel === 'voice')!;
    expect(voice.steps.map((s) => [s.key, s.count])).toEqual([['picked_up', 3], ['interested', 2], ['qualified', 1]]);
    const i = await intents(c.workspace.id, intentsParams.parse(range));
    expect(Object.fromEntries(i.intents.map((x) => [x.label, x.count]))).toEqual({ interested: 1, not_interested: 1, qualified: 1 });
  });
});
