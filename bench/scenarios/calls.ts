import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { round, type Scenario } from '../harness';
import { BENCH_ACTOR } from '../support/mail';

/**
 * Calls through Twilio's API and callbacks, end to end: Herald's real dispatch places every call of a campaign
 * through the official client to the local simulator, which answers each call (one keypad answer) and posts the
 * signed callbacks (voice, answer, status) into the real route handlers behind a loopback server, until every
 * recipient has its outcome. The baseline is a bare loop of the same provider requests: the same client creating the
 * same calls, 16 in flight, its callbacks answered by a server that returns fixed TwiML and keeps nothing.
 */

const ACCOUNT_SID = `AC${'0'.repeat(31)}7`;
const AUTH_TOKEN = 'bench-twilio-auth-token';
const FROM = '+15005550006';
const phoneOf = (i: number) => `+4477009${String(i).padStart(5, '0')}`;
const CONCURRENCY = 16;

async function callCampaign(n: number) {
  const { db } = await import('@/lib/db');
  const { createTemplate } = await import('@/lib/templates/service');
  const { templateInputSchema } = await import('@/lib/templates/schema');
  const { createFlow } = await import('@/lib/flows/service');
  const { newFlowSchema } = await import('@/lib/flows/schema');
  const { createCampaign } = await import('@/lib/campaigns/crud');
  const { activateCampaign } = await import('@/lib/campaigns/activate');
  const workspace = await db.workspace.create({ data: { name: 'Bench calls', slug: `bench-calls-${randomUUID().slice(0, 8)}` } });
  const template = await createTemplate(workspace.id, templateInputSchema.parse({
    name: 'Bench call',
    channel: 'call',
    content: { script: 'Hello {{ first_name }}, this is Herald.', questions: [{ key: 'interest', prompt: 'Press 1 if you are interested.', choices: [{ digits: '1', intent: 'interested' }, { digits: '2', intent: 'not_interested' }] }] },
  }));
  const flow = await createFlow(workspace.id, newFlowSchema.parse({ name: 'Bench calls', steps: [{ type: 'PLACE_CALL', templateId: template.id, callPolicy: { maxAttempts: 1, callingHoursStart: '00:00', callingHoursEnd: '23:59' } }] }));
  const segment = await db.segment.create({ data: { workspaceId: workspace.id, name: 'Callees', criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'callee' }] } } });
  await db.contact.createMany({ data: Array.from({ length: n }, (_, i) => ({ workspaceId: workspace.id, email: `c${i}@bench.test`, firstName: `Callee${i}`, phone: phoneOf(i), tags: ['callee'], marketingOptIn: true, callOptIn: true })) });
  const actor = BENCH_ACTOR(workspace.id);
  const { campaign } = await createCampaign(actor, { name: 'Bench calls', segmentId: segment.id, flowId: flow.id, startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), startTimeOfDay: '09:00', timeZone: 'UTC' } as never);
  await activateCampaign(actor, campaign.id);
  return campaign.id;
}

/** Herald: dispatch until every recipient has its outcome; calls/s and callbacks/s over that time. */
async function heraldCalls(n: number) {
  const { db } = await import('@/lib/db');
  const { resetEnvCache } = await import('@/lib/env');
  const { startTwilioSimulator } = await import('@/lib/channels/simulator');
  const { startRouteServer } = await import('../../tests/support/route-server');
  const routes = {
    status: (await import('@/app/api/channels/twilio/status/route')).POST,
    voice: (await import('@/app/api/channels/twilio/voice/route')).POST,
    answer: (await import('@/app/api/channels/twilio/answer/route')).POST,
  };
  let callbacks = 0;
  const counted = (h: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) => async (req: Request, ctx: { params: Promise<Record<string, string>> }) => {
    callbacks++;
    return h(req, ctx);
  };
  const app = await startRouteServer({ '/api/channels/twilio/status': counted(routes.status), '/api/channels/twilio/voice': counted(routes.voice), '/api/channels/twilio/answer': counted(routes.answer) });
  const sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, delayMs: 0, callScript: () => ({ outcome: 'answer', answers: ['1'] }) });
  Object.assign(process.env, { APP_URL: app.url, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: FROM, TWILIO_API_BASE: sim.url, TWILIO_CALLS_PER_SECOND: '1000' });
  resetEnvCache();
  try {
    const campaignId = await callCampaign(n);
    const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
    const t0 = performance.now();
    let placedAt = 0;
    for (let round = 0; round < 200; round++) {
      const r = await dispatchCampaign(campaignId, { maxMs: 60_000, concurrency: CONCURRENCY });
      if (!placedAt && sim.calls.length >= n) placedAt = performance.now();
      await sim.settled();
      if (r.stoppedBecause === 'completed') break;
      const open = await db.campaignRecipient.count({ where: { campaignId, state: { in: ['pending', 'in_progress'] } } });
      if (!open) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    const placedSeconds = ((placedAt || performance.now()) - t0) / 1000;
    const states = await db.campaignRecipient.groupBy({ by: ['state'], where: { campaignId }, _count: true });
    const byState = Object.fromEntries(states.map((s) => [s.state, s._count]));
    const numbers = new Set(sim.calls.map((c) => c.to));
    return { callsPerSecond: n / placedSeconds, settledPerSecond: n / seconds, callbacksPerSecond: callbacks / seconds, callbacks, placed: sim.calls.length, distinct: numbers.size, byState, refused: sim.refused.length };
  } finally {
    await sim.close();
    await app.close();
  }
}

/** The bare loop: the same client, the same calls, callbacks answered with fixed TwiML by a server that keeps nothing. */
async function bareCalls(n: number) {
  let callbacks = 0;
  let completed = 0;
  const gather = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf speech" numDigits="1" action="ACTION"><Say>Hello, this is Herald. Press 1 if you are interested.</Say></Gather></Response>';
  const hangup = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Thank you. Goodbye.</Say><Hangup/></Response>';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      callbacks++;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/status') completed++;
      res.writeHead(200, { 'Content-Type': path === '/status' ? 'text/plain' : 'text/xml' });
      res.end(path === '/voice' ? gather.replace('ACTION', `http://${req.headers.host}/answer`) : path === '/answer' ? hangup : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const { startTwilioSimulator } = await import('@/lib/channels/simulator');
  const sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, delayMs: 0, callScript: () => ({ outcome: 'answer', answers: ['1'] }) });
  const { twilioClient } = await import('@/lib/channels/twilio');
  const client = twilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM, whatsappFrom: FROM, apiBase: sim.url, simulated: true, callsPerSecond: 1000, messagesPerSecond: 1000 });
  try {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        await client.calls.create({ to: phoneOf(i), from: FROM, url: `${base}/voice`, method: 'POST', statusCallback: `${base}/status`, statusCallbackMethod: 'POST', statusCallbackEvent: ['completed'], timeout: 25 });
      }
    }));
    const placedSeconds = (performance.now() - t0) / 1000;
    await sim.settled();
    while (completed < n) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    return { callsPerSecond: n / placedSeconds, settledPerSecond: n / seconds, callbacksPerSecond: callbacks / seconds, callbacks };
  } finally {
    await sim.close();
    await new Promise((r) => server.close(() => r(null)));
  }
}

export const callsScenario: Scenario = {
  name: 'calls (placed and settled through the callbacks)',
  async run({ quick }) {
    const n = quick ? 300 : 2_000;
    const bare = await bareCalls(n);
    const herald = await heraldCalls(n);
    const settled = (herald.byState.completed ?? 0) === n;
    const once = herald.placed === n && herald.distinct === n && herald.refused === 0;
    return {
      herald: round(herald.settledPerSecond),
      baseline: round(bare.settledPerSecond),
      unit: 'calls/s settled',
      ratio: round(herald.settledPerSecond / bare.settledPerSecond, 2),
      goal: 'every call placed once, every callback verified and applied',
      met: settled && once,
      notes:
        `${n} calls, ${CONCURRENCY} in flight, each answered with one key press: Herald placed ${round(herald.callsPerSecond)}/s (bare ${round(bare.callsPerSecond)}/s), ` +
        `processed ${round(herald.callbacksPerSecond)} signed callbacks/s through the route handlers (bare ${round(bare.callbacksPerSecond)}/s, no verification or bookkeeping); ` +
        `${herald.callbacks} callbacks, states ${JSON.stringify(herald.byState)}, ${herald.placed} calls to ${herald.distinct} numbers`,
    };
  },
};
