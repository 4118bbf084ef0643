/**
 * What Twilio tells Herald about its texts and calls, applied exactly once: every request is verified with its
 * X-Twilio-Signature (403 when it does not match), each provider event is recorded in `provider_callbacks` in the
 * transaction that applies it (a retried callback changes nothing), and analytics events have ids derived from the
 * provider's ids, so they go through the outbox at most once too.
 */
import twilio from 'twilio';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { forbidden, HttpError } from '@/lib/http/errors';
import { readBodyText } from '@/lib/http/parse';
import { publicBaseUrl } from '@/lib/tracking/urls';
import { recordEvents } from '@/lib/analytics/outbox';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import { messageEvent, type MessageRef } from '@/lib/delivery/events';
import { twilioConfig } from '@/lib/channels/twilio';
import { callContentSchema, callPolicySchema, ANALYTICS_CHANNEL, DEFAULT_CALL_POLICY, type CallPolicy, type TemplateChannel } from '@/lib/channels/content';
import { callIntent, callTwiml, funnelStages, hangUpTwiml, matchAnswer, type Answer } from '@/lib/channels/call-script';
import { renderCallContent } from '@/lib/channels/render';
import { nextCallTime } from '@/lib/channels/calling-hours';
import { moveOnFromStep } from '@/lib/delivery/outcomes';
import { deterministicEventId } from '@/lib/analytics/events';
import { isUuid } from '@/lib/ids';

type Tx = Prisma.TransactionClient;
export type TwilioParams = Record<string, string>;

export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature';
const HOOKS = '/api/channels/twilio';

/** The URLs a text or call of one message attempt gives Twilio (the message and attempt travel in the signed URL). */
export function callbackUrls(base: string, messageId: string, attempt: number) {
  const q = `m=${messageId}&a=${attempt}`;
  return {
    status: `${base}${HOOKS}/status?${q}`,
    voice: (question = 0) => `${base}${HOOKS}/voice?${q}&q=${question}`,
    answer: (question: number) => `${base}${HOOKS}/answer?${q}&q=${question}`,
  };
}

/** The inbound-message webhook to set on the Twilio number (STOP / START replies). */
export const inboundUrl = (base: string) => `${base}${HOOKS}/inbound`;

/** Reads a Twilio request's form body and checks its signature against the public URL it was sent to. */
export async function readTwilioRequest(req: Request): Promise<{ params: TwilioParams; query: URLSearchParams }> {
  const config = twilioConfig();
  if (!config) throw new HttpError(404, 'Calls and texts are not set up on this server');
  const body = await readBodyText(req, 64 * 1024);
  const params: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  const url = new URL(req.url);
  const signedUrl = `${publicBaseUrl(url.origin)}${url.pathname}${url.search}`;
  const signature = req.headers.get(TWILIO_SIGNATURE_HEADER);
  if (!signature || !twilio.validateRequest(config.authToken, signature, signedUrl, params)) throw forbidden('The X-Twilio-Signature does not match this request');
  return { params, query: url.searchParams };
}

function messageRefOf(query: URLSearchParams): { messageId: string; attempt: number; question: number } {
  const messageId = query.get('m') ?? '';
  const attempt = Number(query.get('a'));
  const question = Number(query.get('q') ?? 0);
  if (!isUuid(messageId) || !Number.isInteger(attempt) || attempt < 1 || !Number.isInteger(question) || question < 0) throw new HttpError(400, 'Not a callback URL Herald gave out');
  return { messageId, attempt, question };
}

/** Records a provider event; false when it was recorded before (a retried callback). */
async function firstTime(tx: Tx, providerId: string, event: string): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(`INSERT INTO provider_callbacks (provider_id, event) VALUES ($1, $2) ON CONFLICT DO NOTHING`, providerId.slice(0, 64), event.slice(0, 64));
  return n > 0;
}

interface MessageRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  step_index: number;
  template_id: string | null;
  channel: string;
  status: string;
  attempt_count: number;
  answers: Prisma.JsonValue;
  flow_id: string | null;
}

async function lockMessage(tx: Tx, messageId: string): Promise<MessageRow | null> {
  const rows = await tx.$queryRawUnsafe<MessageRow[]>(
    `SELECT m.id::text, m.workspace_id::text, m.campaign_id::text, m.contact_id::text, m.step_index, m.template_id::text, m.channel, m.status, m.attempt_count, m.answers, c.flow_id::text
     FROM messages m JOIN campaigns c ON c.id = m.campaign_id WHERE m.id = $1::uuid FOR UPDATE OF m`,
    messageId,
  );
  return rows[0] ?? null;
}

const refOf = (m: MessageRow): MessageRef => ({ id: m.id, workspaceId: m.workspace_id, campaignId: m.campaign_id, contactId: m.contact_id, stepIndex: Number(m.step_index), templateId: m.template_id, flowId: m.flow_id });
const analyticsChannel = (m: MessageRow) => ANALYTICS_CHANNEL[(m.channel as TemplateChannel) in ANALYTICS_CHANNEL ? (m.channel as TemplateChannel) : 'sms'];

export type CallbackResult = { applied: boolean; reason?: 'duplicate' | 'unknown_message' | 'stale' | 'not_final'; campaign?: { id: string; workspaceId: string } };

const TEXT_STATUS: Record<string, 'delivered' | 'failed' | undefined> = { delivered: 'delivered', read: 'delivered', failed: 'failed', undelivered: 'failed' };

/** A text's status callback: delivered (or read) and failed (or undelivered) change the message; the rest only confirm it was sent. */
export async function applyTextStatus(query: URLSearchParams, p: TwilioParams): Promise<CallbackResult> {
  const { messageId, attempt } = messageRefOf(query);
  const status = TEXT_STATUS[p.MessageStatus ?? p.SmsStatus ?? ''];
  const sid = p.MessageSid ?? p.SmsSid ?? '';
  if (!status || !sid) return { applied: false, reason: 'not_final' };
  return db.$transaction(async (tx) => {
    const m = await lockMessage(tx, messageId);
    if (!m) return { applied: false, reason: 'unknown_message' };
    if (!(await firstTime(tx, sid, `text:${status}`))) return { applied: false, reason: 'duplicate' };
    const at = new Date();
    const channel = analyticsChannel(m);
    if (status === 'delivered') {
      await tx.$executeRawUnsafe(
        `UPDATE messages SET status = CASE WHEN status IN ('queued', 'sending', 'sent', 'uncertain') THEN 'delivered'::"MessageStatus" ELSE status END,
           delivered_at = COALESCE(delivered_at, $2::timestamptz), sent_at = COALESCE(sent_at, $2::timestamptz), provider_message_id = COALESCE(provider_message_id, $3),
           attempt_count = GREATEST(attempt_count, $4) WHERE id = $1::uuid`,
        m.id, at.toISOString(), sid, attempt,
      );
      await recordEvents(tx, [{ ...messageEvent('message_delivered', refOf(m), at, { providerId: sid }), channel }]);
    } else {
      const reason = `twilio_${p.ErrorCode || 'unknown'}: ${p.ErrorMessage || `The message was ${p.MessageStatus}`}`.slice(0, 500);
      await tx.$executeRawUnsafe(
        `UPDATE messages SET status = 'failed', failure_reason = $2, provider_message_id = COALESCE(provider_message_id, $3), attempt_count = GREATEST(attempt_count, $4), next_attempt_at = NULL WHERE id = $1::uuid`,
        m.id, reason, sid, attempt,
      );
      // As a bounce does for email: the contact was not reached by this campaign.
      await tx.$executeRawUnsafe(
        `UPDATE campaign_recipients SET state = 'not_reached', next_due_at = NULL, lease_until = NULL, updated_at = now() WHERE campaign_id = $1::uuid AND contact_id = $2::uuid AND state IN ('pending', 'in_progress', 'completed')`,
        m.campaign_id, m.contact_id,
      );
      await recordEvents(tx, [{ ...messageEvent('message_failed', refOf(m), at, { providerId: sid, code: p.ErrorCode ?? null, reason }), channel }]);
    }
    return { applied: true, campaign: { id: m.campaign_id, workspaceId: m.workspace_id } };
  });
}

async function callPolicyOf(tx: Tx, campaignId: string, stepIndex: number): Promise<CallPolicy> {
  const rows = await tx.$queryRawUnsafe<{ call_policy: Prisma.JsonValue }[]>(
    `SELECT fs.call_policy FROM campaign_steps cs JOIN flow_steps fs ON fs.id = cs.flow_step_id WHERE cs.campaign_id = $1::uuid AND cs.step_index = $2 LIMIT 1`,
    campaignId, stepIndex,
  );
  const parsed = callPolicySchema.safeParse(rows[0]?.call_policy ?? {});
  return parsed.success ? parsed.data : DEFAULT_CALL_POLICY;
}

interface CallContext {
  content: ReturnType<typeof callContentSchema.parse>;
  contact: { email: string; firstName: string | null; lastName: string | null; phone: string | null; locale: string | null; timeZone: string | null; attributes: Prisma.JsonValue };
}

async function callContextOf(m: MessageRow): Promise<CallContext | null> {
  if (m.channel !== 'call' || !m.template_id) return null;
  const [template, contact] = await Promise.all([
    db.template.findUnique({ where: { id: m.template_id }, select: { content: true } }),
    db.contact.findUnique({ where: { id: m.contact_id }, select: { email: true, firstName: true, lastName: true, phone: true, locale: true, timeZone: true, attributes: true } }),
  ]);
  const content = callContentSchema.safeParse(template?.content);
  if (!content.success || !contact) return null;
  return { content: renderCallContent(content.data, contact), contact };
}

const answersOf = (m: MessageRow, attempt: number): (Answer & { attempt: number })[] =>
  (Array.isArray(m.answers) ? (m.answers as unknown as (Answer & { attempt: number })[]) : []).filter((a) => a.attempt === attempt);

/** The TwiML of an answered call from question `q` on (the script first). */
export async function callTwimlFor(query: URLSearchParams): Promise<string> {
  const { messageId, attempt, question } = messageRefOf(query);
  const m = await db.$transaction((tx) => lockMessage(tx, messageId));
  const ctx = m ? await callContextOf(m) : null;
  if (!ctx) return hangUpTwiml();
  const urls = callbackUrls(publicBaseUrl(), messageId, attempt);
  return callTwiml(ctx.content, question, { answer: urls.answer, question: urls.voice });
}

/** A `<Gather>` result: the answer is stored once (with the intent it means) and the call goes on to the next question. */
export async function applyCallAnswer(query: URLSearchParams, p: TwilioParams): Promise<string> {
  const { messageId, attempt, question } = messageRefOf(query);
  const m0 = await db.message.findUnique({ where: { id: messageId }, select: { id: true } });
  if (!m0) return hangUpTwiml();
  const ctx = await callContextOf((await db.$transaction((tx) => lockMessage(tx, messageId)))!);
  if (!ctx) return hangUpTwiml();
  const q = ctx.content.questions[question];
  if (q) {
    const answer = { ...matchAnswer(q, { digits: p.Digits, speech: p.SpeechResult }), attempt };
    await db.$transaction(async (tx) => {
      if (!(await firstTime(tx, p.CallSid || `${messageId}:${attempt}`, `answer:${question}`))) return;
      await tx.$executeRawUnsafe(`UPDATE messages SET answers = COALESCE(answers, '[]'::jsonb) || $2::jsonb WHERE id = $1::uuid`, messageId, JSON.stringify([answer]));
    });
  }
  const urls = callbackUrls(publicBaseUrl(), messageId, attempt);
  return callTwiml(ctx.content, question + 1, { answer: urls.answer, question: urls.voice });
}

const CALL_STATUS: Record<string, 'answered' | 'busy' | 'no_answer' | 'failed' | undefined> = { completed: 'answered', busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'failed' };

/**
 * A call's final status: an answered call is completed (or refused, when its answers meant a refusal) and moves the
 * recipient on; busy or no answer calls again after the step's spacing (within calling hours) until its attempts run
 * out; then, or when the call failed, the recipient was not reached. Emits call_ended, intent_detected and funnel_step.
 */
export async function applyCallStatus(query: URLSearchParams, p: TwilioParams): Promise<CallbackResult> {
  const { messageId, attempt } = messageRefOf(query);
  const status = CALL_STATUS[p.CallStatus ?? ''];
  const sid = p.CallSid ?? '';
  if (!status || !sid) return { applied: false, reason: 'not_final' };
  return db.$transaction(async (tx) => {
    const m = await lockMessage(tx, messageId);
    if (!m) return { applied: false, reason: 'unknown_message' };
    if (Number(m.attempt_count) > attempt) return { applied: false, reason: 'stale' };
    if (!(await firstTime(tx, sid, 'call:final'))) return { applied: false, reason: 'duplicate' };
    const at = new Date();
    const duration = Math.max(0, Math.round(Number(p.CallDuration ?? p.Duration ?? 0)) || 0);
    const template = m.template_id ? await tx.template.findUnique({ where: { id: m.template_id }, select: { content: true } }) : null;
    const content = callContentSchema.safeParse(template?.content);
    const refusals = content.success ? content.data.refusalIntents : ['not_interested', 'do_not_call'];
    const answers = answersOf(m, attempt);
    const intent = status === 'answered' ? callIntent(answers, refusals) : null;
    const outcome = status === 'answered' ? (intent && refusals.includes(intent) ? 'refused' : 'completed') : status;
    const policy = await callPolicyOf(tx, m.campaign_id, Number(m.step_index));
    const retry = (outcome === 'busy' || outcome === 'no_answer') && attempt < policy.maxAttempts;
    const contact = await tx.contact.findUnique({ where: { id: m.contact_id }, select: { timeZone: true } });
    const campaign = await tx.campaign.findUnique({ where: { id: m.campaign_id }, select: { timeZone: true } });
    const retryAt = retry ? nextCallTime(policy, contact?.timeZone ?? null, campaign?.timeZone ?? 'UTC', at.getTime() + policy.retryMinutes * 60_000) : null;
    const reached = outcome === 'completed' || outcome === 'refused';
    const words = { busy: 'The line was busy', no_answer: 'Nobody answered', failed: `The call failed${p.ErrorCode ? ` (twilio_${p.ErrorCode})` : ''}` } as const;
    const failure = reached ? null : retry ? `${words[outcome as keyof typeof words]}; calling again at ${retryAt!.toISOString()} (attempt ${attempt + 1} of ${policy.maxAttempts})` : `${words[outcome as keyof typeof words]} (attempt ${attempt} of ${policy.maxAttempts})`;
    await tx.$executeRawUnsafe(
      `UPDATE messages SET call_outcome = $2, duration_seconds = $3, intent = $4, provider_message_id = $5, attempt_count = GREATEST(attempt_count, $6),
         status = $7::"MessageStatus", failure_reason = $8, next_attempt_at = $9::timestamptz,
         sent_at = COALESCE(sent_at, $10::timestamptz), delivered_at = CASE WHEN $7 = 'delivered' THEN COALESCE(delivered_at, $10::timestamptz) ELSE delivered_at END
       WHERE id = $1::uuid`,
      m.id, outcome, duration, intent, sid, attempt, reached ? 'delivered' : retry ? 'queued' : 'failed', failure, retryAt?.toISOString() ?? null, at.toISOString(),
    );
    const step = Number(m.step_index);
    const recipientWhere = `campaign_id = $1::uuid AND contact_id = $2::uuid AND next_step = $3 AND state IN ('in_progress', 'pending')`;
    if (outcome === 'completed') await moveOnFromStep(tx, m.campaign_id, m.contact_id, step);
    else if (outcome === 'refused') await tx.$executeRawUnsafe(`UPDATE campaign_recipients SET state = 'refused', next_due_at = NULL, lease_until = NULL, updated_at = now() WHERE ${recipientWhere}`, m.campaign_id, m.contact_id, step);
    else if (retry) await tx.$executeRawUnsafe(`UPDATE campaign_recipients SET state = 'pending', next_due_at = $4::timestamptz, lease_until = NULL, updated_at = now() WHERE ${recipientWhere}`, m.campaign_id, m.contact_id, step, retryAt!.toISOString());
    else await tx.$executeRawUnsafe(`UPDATE campaign_recipients SET state = 'not_reached', next_due_at = NULL, lease_until = NULL, updated_at = now() WHERE ${recipientWhere}`, m.campaign_id, m.contact_id, step);
    await recordEvents(tx, callEvents(refOf(m), sid, at, { outcome, duration, intent, attempt, answers, reached }));
    return { applied: true, campaign: { id: m.campaign_id, workspaceId: m.workspace_id } };
  });
}

/** One call's analytics: call_ended always, intent_detected when its answers meant something, funnel_step per stage reached. */
function callEvents(
  ref: MessageRef,
  callSid: string,
  at: Date,
  c: { outcome: string; duration: number; intent: string | null; attempt: number; answers: Answer[]; reached: boolean },
): AnalyticsEventInput[] {
  const base = (type: 'call_ended' | 'intent_detected' | 'funnel_step', part = '') => ({
    ...messageEvent(type, ref, at, { callSid, attempt: c.attempt }),
    id: deterministicEventId([callSid, type, part]),
    channel: 'voice' as const,
  });
  const events: AnalyticsEventInput[] = [
    {
      ...base('call_ended'),
      outcome: c.outcome as 'completed',
      durationSeconds: c.duration,
      label: c.outcome,
      metadata: { callSid, attempt: c.attempt, answers: c.answers.map(({ key, digits, speech, intent }) => ({ key, digits, speech, intent })) },
    },
  ];
  if (c.intent) events.push({ ...base('intent_detected'), category: 'call', label: c.intent });
  funnelStages(c.reached, c.answers).forEach((stage, i) => events.push({ ...base('funnel_step', stage), category: 'call', label: stage, value: i + 1 }));
  return events;
}

/** Twilio's opt-out and opt-in keywords (its Advanced Opt-Out defaults). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP', 'OPTIN']);

/** An inbound text: STOP (and its synonyms) opts every contact with that number out of the channel it came on; START opts back in. */
export async function applyInboundMessage(p: TwilioParams): Promise<{ action: 'opted_out' | 'opted_in' | 'none'; contacts: number }> {
  const from = p.From ?? '';
  const whatsapp = from.startsWith('whatsapp:');
  const phone = from.replace(/^whatsapp:/, '');
  const word = (p.Body ?? '').trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  const action = STOP_WORDS.has(word) ? 'opted_out' : START_WORDS.has(word) ? 'opted_in' : 'none';
  if (action === 'none' || !phone) return { action: 'none', contacts: 0 };
  const column = whatsapp ? 'whatsapp_opt_in' : 'sms_opt_in';
  const contacts = await db.$transaction(async (tx) => {
    if (p.MessageSid && !(await firstTime(tx, p.MessageSid, 'inbound'))) return 0;
    return tx.$executeRawUnsafe(`UPDATE contacts SET ${column} = $2, updated_at = now() WHERE phone = $1 AND ${column} <> $2`, phone, action === 'opted_in');
  });
  return { action, contacts };
}

/** After a callback moved a recipient: the campaign's dispatch looks again (a retry's time, the next step, or completion). */
async function wakeCampaign(result: CallbackResult): Promise<void> {
  if (!result.applied || !result.campaign) return;
  const { campaignStatusChanged } = await import('@/lib/delivery/trigger');
  await campaignStatusChanged({ ...result.campaign, status: 'active' });
}

const xml = (body: string) => new Response(body, { headers: { 'Content-Type': 'text/xml; charset=utf-8' } });

/** POST /api/channels/twilio/status: a text's or a call's status callback. */
export async function receiveStatusCallback(req: Request): Promise<CallbackResult> {
  const { params, query } = await readTwilioRequest(req);
  const result = params.CallSid ? await applyCallStatus(query, params) : await applyTextStatus(query, params);
  await wakeCampaign(result);
  return result;
}

/** POST /api/channels/twilio/voice: the TwiML of an answered call. */
export async function receiveVoiceRequest(req: Request): Promise<Response> {
  const { query } = await readTwilioRequest(req);
  return xml(await callTwimlFor(query));
}

/** POST /api/channels/twilio/answer: a question's answer, then the call's next TwiML. */
export async function receiveCallAnswer(req: Request): Promise<Response> {
  const { params, query } = await readTwilioRequest(req);
  return xml(await applyCallAnswer(query, params));
}

/** POST /api/channels/twilio/inbound: an inbound text (STOP / START); Twilio's Advanced Opt-Out sends the confirmation. */
export async function receiveInboundMessage(req: Request): Promise<Response> {
  const { params } = await readTwilioRequest(req);
  await applyInboundMessage(params);
  return xml('<?xml version="1.0" encoding="UTF-8"?><Response/>');
}
