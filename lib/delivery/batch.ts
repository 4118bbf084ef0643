import type { ClaimedRecipient } from '@/lib/delivery/claim';
import { composeEmail } from '@/lib/delivery/compose';
import { PROBE_INTERVAL_MS, markUnreachable } from '@/lib/delivery/breaker';
import { classifySmtpError, isServerUnreachable } from '@/lib/delivery/errors';
import { ensureMessages, recordLaneStep, requeueInFlight, resendUncertain, stableMessageId, type Acceptance, type MessageSlot } from '@/lib/delivery/messages';
import type { Transport } from '@/lib/delivery/outgoing';
import { BatchOutcomes } from '@/lib/delivery/outcomes';
import { TokenBucket, forEachConcurrent } from '@/lib/delivery/rate';
import type { RunTemplates } from '@/lib/delivery/templates';
import { ensureQrCodes, qrImageDataUrl, type RecipientQr } from '@/lib/qr/codes';
import { trackingUrl } from '@/lib/tracking/urls';
import { gateSends, type EngagementContext } from '@/lib/engagement/gate';
import type { CampaignSendSteps } from '@/lib/channels/campaign-steps';
import { phoneUnreachableReason } from '@/lib/channels/campaign-steps';
import { callingHoursOpenAt, callZone } from '@/lib/channels/calling-hours';
import type { PhoneProvider } from '@/lib/channels/provider';
import { sendPhoneMessage } from '@/lib/channels/send';

/** What a batch needs from the run around it. */
export interface BatchContext {
  workspaceId: string;
  campaignId: string;
  base: string;
  transport: Transport;
  templates: RunTemplates;
  /** Quiet hours, frequency caps and A/B tests in force for this batch. */
  engagement: EngagementContext;
  /** The campaign's channels and call policies. */
  steps: CampaignSendSteps;
  /** Where texts and calls go; null when the campaign sends none, or Twilio is not set up. */
  phone: PhoneProvider | null;
  bucket: TokenBucket | null;
  concurrency: number;
  maxAttempts: number;
  /** Delay before retry n (1-based) after a transient failure. */
  retryDelayMs: (attempt: number) => number;
  /** True once sending must stop: the campaign left `active`, or the claim's lease is close to running out. */
  shouldStop: () => Promise<boolean>;
}

interface Send {
  recipient: ClaimedRecipient;
  message: MessageSlot;
}

/** Sorts claimed recipients: who is excluded now, whose message is already settled, and what must be sent. */
async function triage(ctx: BatchContext, claimed: ClaimedRecipient[], out: BatchOutcomes): Promise<Send[]> {
  let eligible: ClaimedRecipient[] = [];
  for (const r of claimed) {
    if (r.exclusionReason) out.excluded.push({ recipient: r, reason: r.exclusionReason });
    else if (!r.templateId) out.excluded.push({ recipient: r, reason: 'no_schedule_for_step' });
    else eligible.push(r);
  }
  eligible = await channelChecks(ctx, eligible, out);
  const gated = await gateSends(ctx.workspaceId, ctx.campaignId, ctx.engagement, eligible);
  out.deferred.push(...gated.deferred);
  out.skipped.push(...gated.skipped);
  out.notes.push(...gated.notes);
  eligible = gated.send;
  await ctx.templates.load(eligible.map((r) => r.templateId!));
  const slots = await ensureMessages(
    ctx.workspaceId,
    ctx.campaignId,
    eligible.map((r) => ({ contactId: r.contactId, stepIndex: r.stepIndex, templateId: r.templateId, toAddress: r.channel && r.channel !== 'email' ? r.phone! : r.email, variant: r.variant, channel: r.channel })),
  );
  const slotOf = new Map(slots.map((s) => [`${s.contactId}:${s.stepIndex}`, s]));
  // Still `sending`: an earlier dispatcher stopped (crashed, or lost its lease) with the message on the wire.
  const inFlight = slots.filter((s) => s.status === 'sending');
  const requeued = resendUncertain() ? await requeueInFlight(inFlight.map((s) => s.id)) : new Set<string>();
  const sends: Send[] = [];
  for (const r of eligible) {
    const message = slotOf.get(`${r.contactId}:${r.stepIndex}`);
    if (!message) out.released.push(r); // another writer raced us to the row: leave it for the next claim
    else if (message.status === 'queued' || requeued.has(message.id)) sends.push({ recipient: r, message: { ...message, status: 'queued' } });
    else if (message.status === 'sending' || message.status === 'uncertain') out.uncertain.push({ recipient: r, message });
    else if (message.status === 'sent' || message.status === 'delivered') out.alreadySent.push({ recipient: r, message });
    else out.alreadyFailed.push(r);
  }
  return sends;
}

/**
 * Each send learns its step's channel. A text or call needs a phone number and the channel's consent: without them the
 * step is skipped (the recipient goes on to the rest of the flow), or the recipient is excluded when the campaign has
 * no other channel. A call waits for the step's calling hours in the contact's zone.
 */
async function channelChecks(ctx: BatchContext, eligible: ClaimedRecipient[], out: BatchOutcomes): Promise<ClaimedRecipient[]> {
  await ctx.templates.load(eligible.map((r) => r.templateId!));
  const now = Date.now();
  const going: ClaimedRecipient[] = [];
  for (const r of eligible) {
    // Set on the claimed object itself: the lease renews that object's fencing token while the batch runs.
    r.channel = ctx.templates.get(r.templateId!).channel;
    if (r.channel === 'email') {
      going.push(r);
      continue;
    }
    const why = phoneUnreachableReason(r.channel, r);
    if (why) {
      if (ctx.steps.channels.size > 1) out.skipped.push({ recipient: r, reason: why });
      else out.excluded.push({ recipient: r, reason: why });
      continue;
    }
    if (r.channel === 'call') {
      const policy = ctx.steps.callPolicy(r.stepIndex);
      const zone = callZone(r.timeZone, ctx.engagement.rules.timeZone);
      const opensAt = callingHoursOpenAt(policy, zone, now);
      if (opensAt !== null) {
        out.deferred.push({ recipient: r, until: new Date(opensAt) });
        out.notes.push({ contactId: r.contactId, stepIndex: r.stepIndex, control: 'calling_hours', action: 'deferred', until: new Date(opensAt), detail: `Calling hours ${policy.callingHoursStart}–${policy.callingHoursEnd} in ${zone}` });
        continue;
      }
    }
    going.push(r);
  }
  return going;
}

async function qrCodesFor(ctx: BatchContext, sends: Send[]): Promise<Map<string, RecipientQr>> {
  const needing = sends.filter((s) => ctx.templates.get(s.recipient.templateId!).usesQrCode).map((s) => s.recipient.contactId);
  return needing.length ? ensureQrCodes(ctx.workspaceId, ctx.campaignId, needing) : new Map();
}

/**
 * Hands one message to the transport and records what happened (never throws); returns the acceptance for the lane's
 * next step to record. The row goes `sending` (in the same write as the lane's previous acceptance) before the message
 * waits for a connection, so an SMTP connection never idles on the database and after a crash at most one message per
 * lane is in doubt.
 */
async function sendOne(ctx: BatchContext, { recipient, message }: Send, qr: RecipientQr | undefined, out: BatchOutcomes, previous: Acceptance | undefined): Promise<Acceptance | undefined> {
  if (recipient.channel && recipient.channel !== 'email') {
    await sendPhoneMessage(ctx, { recipient, message }, out);
    return previous;
  }
  const attempt = message.attemptCount + 1;
  try {
    const qrCode = qr ? { code: qr.code, imageSrc: await qrImageDataUrl(trackingUrl(ctx.base, 'qr', qr.id)) } : undefined;
    const email = {
      ...composeEmail({ template: ctx.templates.get(recipient.templateId!), contact: recipient, workspaceId: ctx.workspaceId, messageId: message.id, base: ctx.base, qrCode }),
      stableId: stableMessageId(ctx.campaignId, recipient),
    };
    // Not marked (settled elsewhere, or the write failed): not sent; the next claim sees how it stands. A lost acceptance
    // here is still recorded by the batch's bookkeeping.
    if (!(await recordLaneStep({ sent: previous, sending: message.id }).catch(() => false))) {
      out.released.push(recipient);
      return undefined;
    }
    const result = await ctx.transport.send(email);
    const at = new Date();
    out.sent.push({ recipient, message, attempt, at, providerMessageId: result.providerMessageId });
    return { id: message.id, at, providerMessageId: result.providerMessageId, attempt };
  } catch (err) {
    const e = classifySmtpError(err);
    const at = new Date();
    // The server is not there: the breaker holds every other send until a probe gets an answer, so this message can
    // retry as soon as that happens instead of waiting out a backoff meant for a reply about the message itself.
    const breaker = isServerUnreachable(e) && markUnreachable(ctx.transport);
    if (e.transient && attempt < ctx.maxAttempts) {
      const delay = breaker ? Math.min(PROBE_INTERVAL_MS, ctx.retryDelayMs(attempt)) : ctx.retryDelayMs(attempt);
      out.retrying.push({ recipient, message, attempt, at, code: e.code, reason: e.reason, retryAt: new Date(at.getTime() + delay) });
    } else {
      const reason = e.transient ? `${e.reason} (gave up after ${attempt} attempts)` : e.reason;
      out.failed.push({ recipient, message, attempt, at, code: e.code, reason, outcome: e.transient ? 'transient_failure' : 'permanent_failure' });
    }
    return undefined;
  }
}

/** A claimed batch after its send-time checks: what is settled already, and the messages still to send. */
export interface PreparedBatch {
  out: BatchOutcomes;
  sends: Send[];
  qrs: Map<string, RecipientQr>;
}

/** Send-time checks, one message row per (campaign, step, recipient), and QR codes where the template shows one. */
export async function prepareBatch(ctx: BatchContext, claimed: ClaimedRecipient[]): Promise<PreparedBatch> {
  const out = new BatchOutcomes();
  const sends = await triage(ctx, claimed, out);
  return { out, sends, qrs: await qrCodesFor(ctx, sends) };
}

/**
 * Sends a prepared batch with bounded concurrency under the rate limit; whatever it did not start is released. Each lane
 * carries its last acceptance into its next step's write; the lanes' last ones land together before the batch returns.
 */
export async function sendBatch(ctx: BatchContext, { out, sends, qrs }: PreparedBatch): Promise<BatchOutcomes> {
  const started = new Set<number>();
  const lastAccepted: (Acceptance | undefined)[] = [];
  let stopped = false;
  await forEachConcurrent(
    sends,
    ctx.concurrency,
    async (send, i, lane) => {
      if (ctx.bucket) await ctx.bucket.take();
      if (stopped || (stopped = await ctx.shouldStop())) return;
      started.add(i);
      lastAccepted[lane] = await sendOne(ctx, send, qrs.get(send.recipient.contactId), out, lastAccepted[lane]);
    },
    () => stopped,
  );
  // The batch's bookkeeping records these too; this only keeps them from looking in flight meanwhile.
  await Promise.all(lastAccepted.flatMap((sent) => (sent ? [recordLaneStep({ sent }).catch(() => undefined)] : [])));
  sends.forEach((s, i) => {
    if (!started.has(i)) out.released.push(s.recipient);
  });
  return out;
}

/** Releases a prepared batch without sending any of it (the run is stopping). */
export function releaseBatch({ out, sends }: PreparedBatch): BatchOutcomes {
  for (const s of sends) out.released.push(s.recipient);
  return out;
}
