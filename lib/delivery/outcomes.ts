import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordEvents } from '@/lib/analytics/outbox';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import type { ClaimedRecipient } from '@/lib/delivery/claim';
import { messageEvent } from '@/lib/delivery/events';
import { UNCERTAIN_REASON, type MessageSlot } from '@/lib/delivery/messages';
import { recordControls, type ControlNote } from '@/lib/engagement/controls';
import { insertSends, releaseSends } from '@/lib/engagement/frequency-caps';
import { ANALYTICS_CHANNEL } from '@/lib/channels/content';

type Tx = Prisma.TransactionClient;

interface Attempt {
  recipient: ClaimedRecipient;
  message: MessageSlot;
  attempt: number;
  at: Date;
}

/**
 * Everything one batch decided, collected in memory while its sends run and written afterwards in one transaction
 * of a few multi-row statements (not one transaction per message): that is what keeps bookkeeping off the hot path.
 */
export class BatchOutcomes {
  readonly sent: (Attempt & { providerMessageId: string })[] = [];
  readonly retrying: (Attempt & { code: string; reason: string; retryAt: Date })[] = [];
  readonly failed: (Attempt & { code: string; reason: string; outcome: 'transient_failure' | 'permanent_failure' })[] = [];
  /** Message accepted by the server on an earlier attempt whose bookkeeping was lost: record it and move the recipient on. */
  readonly alreadySent: { recipient: ClaimedRecipient; message: MessageSlot }[] = [];
  /** Message left `sending` by a dispatcher that stopped: in doubt, not resent (the default policy); the recipient moves on. */
  readonly uncertain: { recipient: ClaimedRecipient; message: MessageSlot }[] = [];
  /** Message already failed, bounced or complained about earlier. */
  readonly alreadyFailed: ClaimedRecipient[] = [];
  readonly excluded: { recipient: ClaimedRecipient; reason: string }[] = [];
  /** Claimed but not attempted (paused mid-batch, lease running out): back to pending, due as before. */
  readonly released: ClaimedRecipient[] = [];
  /** Held by an engagement control (quiet hours, a frequency cap, an A/B test's timing): back to pending, due then. */
  readonly deferred: { recipient: ClaimedRecipient; until: Date }[] = [];
  /** Not sent because of a frequency cap (the campaign skips capped sends): the recipient moves on. */
  readonly skipped: { recipient: ClaimedRecipient; reason: string }[] = [];
  /** What the engagement controls did, for the campaign's contact list. */
  readonly notes: ControlNote[] = [];

  get size() {
    return (
      this.sent.length + this.retrying.length + this.failed.length + this.alreadySent.length + this.uncertain.length + this.alreadyFailed.length + this.excluded.length + this.released.length +
      this.deferred.length + this.skipped.length
    );
  }
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/** Only rows this dispatcher still holds: in progress under the exact lease its claim set (a fencing token). */
const HELD = `r.campaign_id = $1::uuid AND r.contact_id = x.contact_id AND r.next_step = x.step_index AND r.state = 'in_progress' AND r.lease_until = x.lease`;
const KEYS = `jsonb_to_recordset($2::jsonb) AS x(contact_id uuid, step_index int, lease timestamptz`;
const key = (r: ClaimedRecipient, extra: Record<string, unknown> = {}) => ({ contact_id: r.contactId, step_index: r.stepIndex, lease: r.leaseUntil.toISOString(), ...extra });

const NEXT_STEP = `FROM campaign_steps cs WHERE cs.campaign_id = r.campaign_id AND cs.step_index = r.next_step + 1 AND cs.time_zone = r.time_zone`;

async function advance(tx: Tx, campaignId: string, recipients: ClaimedRecipient[]) {
  if (!recipients.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET next_step = r.next_step + 1,
       next_due_at = (SELECT cs.due_at ${NEXT_STEP}),
       state = (CASE WHEN EXISTS (SELECT 1 ${NEXT_STEP}) THEN 'pending' ELSE 'completed' END)::"RecipientState",
       lease_until = NULL, updated_at = now()
     FROM ${KEYS}) WHERE ${HELD}`,
    campaignId,
    json(recipients.map((r) => key(r))),
  );
}

/** Moves one recipient on from a step whatever run held it (a call's outcome arrives after its dispatcher let go). */
export async function moveOnFromStep(tx: Tx, campaignId: string, contactId: string, stepIndex: number): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET next_step = r.next_step + 1,
       next_due_at = (SELECT cs.due_at ${NEXT_STEP}),
       state = (CASE WHEN EXISTS (SELECT 1 ${NEXT_STEP}) THEN 'pending' ELSE 'completed' END)::"RecipientState",
       lease_until = NULL, updated_at = now()
     WHERE r.campaign_id = $1::uuid AND r.contact_id = $2::uuid AND r.next_step = $3 AND r.state IN ('in_progress', 'pending')`,
    campaignId,
    contactId,
    stepIndex,
  );
}

/**
 * A placed call's recipient stays in progress until the call's outcome arrives (its status callback moves it on);
 * the lease becomes that wait's deadline, after which a claim finds the call placed and moves the recipient on.
 */
export const CALL_OUTCOME_WAIT_SECONDS = 3600;
async function awaitCallOutcome(tx: Tx, campaignId: string, recipients: ClaimedRecipient[]) {
  if (!recipients.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET lease_until = now() + make_interval(secs => ${CALL_OUTCOME_WAIT_SECONDS}), updated_at = now() FROM ${KEYS}) WHERE ${HELD}`,
    campaignId,
    json(recipients.map((r) => key(r))),
  );
}

async function settle(tx: Tx, campaignId: string, recipients: ClaimedRecipient[], state: 'not_reached' | 'pending') {
  if (!recipients.length) return;
  const due = state === 'pending' ? 'next_due_at' : 'NULL';
  await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET state = '${state}', next_due_at = ${due}, lease_until = NULL, updated_at = now() FROM ${KEYS}) WHERE ${HELD}`,
    campaignId,
    json(recipients.map((r) => key(r))),
  );
}

/** Back to pending, each due at its own time: a retry's, or the end of what an engagement control waits for. */
async function deferUntil(tx: Tx, campaignId: string, rows: BatchOutcomes['deferred']) {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET state = 'pending', next_due_at = x.until, lease_until = NULL, updated_at = now()
     FROM ${KEYS}, until timestamptz) WHERE ${HELD}`,
    campaignId,
    json(rows.map((d) => key(d.recipient, { until: d.until.toISOString() }))),
  );
}

/** A skipped step's message (queued by an earlier attempt, if any) will never go out. */
async function failQueued(tx: Tx, campaignId: string, rows: { recipient: ClaimedRecipient; reason: string }[]) {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE messages m SET status = 'failed', failure_reason = 'Not sent: ' || x.reason, next_attempt_at = NULL
     FROM ${KEYS}, reason text) WHERE m.campaign_id = $1::uuid AND m.contact_id = x.contact_id AND m.step_index = x.step_index AND m.status = 'queued'`,
    campaignId,
    json(rows.map((e) => key(e.recipient, { reason: e.reason }))),
  );
}

/** The retrying messages go back to queued with their attempt and reason (their recipients are deferred to the retry time). */
async function requeueRetries(tx: Tx, rows: BatchOutcomes['retrying']) {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE messages m SET status = 'queued', attempt_count = x.attempt, next_attempt_at = x.retry_at, failure_reason = x.reason
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, attempt int, retry_at timestamptz, reason text) WHERE m.id = x.id AND m.status IN ('queued', 'sending')`,
    json(rows.map((a) => ({ id: a.message.id, attempt: a.attempt, retry_at: a.retryAt.toISOString(), reason: `${a.code}: ${a.reason}` }))),
  );
}

async function exclude(tx: Tx, campaignId: string, rows: BatchOutcomes['excluded']) {
  if (!rows.length) return;
  const data = json(rows.map((e) => key(e.recipient, { reason: e.reason })));
  const excluded = await tx.$executeRawUnsafe(
    `UPDATE campaign_recipients r SET state = 'excluded', exclusion_reason = x.reason, next_due_at = NULL, lease_until = NULL, updated_at = now()
     FROM ${KEYS}, reason text) WHERE ${HELD}`,
    campaignId,
    data,
  );
  // The campaign's excluded count means everyone who gets nothing, whether left out at activation or here at send time.
  if (excluded) await tx.$executeRawUnsafe(`UPDATE campaigns SET excluded_count = excluded_count + $2 WHERE id = $1::uuid`, campaignId, excluded);
  // A message queued by an earlier attempt of this step will never go out now.
  await failQueued(tx, campaignId, rows);
}

async function markMessages(tx: Tx, o: BatchOutcomes) {
  if (o.sent.length) {
    await tx.$executeRawUnsafe(
      `UPDATE messages m SET status = 'sent', sent_at = x.at, provider_message_id = x.provider_id, attempt_count = x.attempt,
         next_attempt_at = NULL, failure_reason = NULL
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, at timestamptz, provider_id text, attempt int)
       WHERE m.id = x.id AND m.status IN ('queued', 'sending') AND m.attempt_count < x.attempt`,
      json(o.sent.map((a) => ({ id: a.message.id, at: a.at.toISOString(), provider_id: a.providerMessageId, attempt: a.attempt }))),
    );
  }
  if (o.failed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE messages m SET status = 'failed', attempt_count = x.attempt, failure_reason = x.reason, next_attempt_at = NULL
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, attempt int, reason text) WHERE m.id = x.id AND m.status IN ('queued', 'sending')`,
      json(o.failed.map((a) => ({ id: a.message.id, attempt: a.attempt, reason: `${a.code}: ${a.reason}` }))),
    );
  }
  if (o.uncertain.length) {
    await tx.$executeRawUnsafe(
      `UPDATE messages SET status = 'uncertain', failure_reason = $2, next_attempt_at = NULL WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) AND status = 'sending'`,
      json(o.uncertain.map((u) => u.message.id)),
      UNCERTAIN_REASON,
    );
  }
  const attempts = [
    ...recovered(o).map((a) => ({ message_id: a.message.id, attempt: a.attempt, outcome: 'success', code: null, reason: null, at: a.at })),
    ...o.sent.map((a) => ({ message_id: a.message.id, attempt: a.attempt, outcome: 'success', code: null, reason: null, at: a.at })),
    ...o.retrying.map((a) => ({ message_id: a.message.id, attempt: a.attempt, outcome: 'transient_failure', code: a.code, reason: a.reason, at: a.at })),
    ...o.failed.map((a) => ({ message_id: a.message.id, attempt: a.attempt, outcome: a.outcome, code: a.code, reason: a.reason, at: a.at })),
  ];
  if (attempts.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO delivery_attempts (message_id, attempt, outcome, code, reason, created_at)
       SELECT x.message_id, x.attempt, x.outcome::"AttemptOutcome", x.code, x.reason, x.at
       FROM jsonb_to_recordset($1::jsonb) AS x(message_id uuid, attempt int, outcome text, code text, reason text, at timestamptz)
       ON CONFLICT (message_id, attempt) DO NOTHING`,
      json(attempts.map((a) => ({ ...a, at: a.at.toISOString() }))),
    );
  }
}

/** Acceptances an earlier attempt recorded on the message row before its dispatcher stopped, as attempts of their own. */
const recovered = (o: BatchOutcomes): Attempt[] =>
  o.alreadySent.map(({ recipient, message }) => ({ recipient, message, attempt: Math.max(1, message.attemptCount), at: message.sentAt ?? new Date() }));

const channelOf = (r: ClaimedRecipient) => r.channel ?? 'email';
const isCall = (a: { recipient: ClaimedRecipient }) => channelOf(a.recipient) === 'call';

function events(workspaceId: string, o: BatchOutcomes): AnalyticsEventInput[] {
  const ref = (a: Attempt) => ({ ...a.message, workspaceId, campaignId: a.recipient.campaignId, templateId: a.recipient.templateId, flowId: a.recipient.flowId });
  const on = (a: Attempt, e: AnalyticsEventInput): AnalyticsEventInput => ({ ...e, channel: ANALYTICS_CHANNEL[channelOf(a.recipient)] });
  return [
    // Event ids are per (message, type): one already recorded for a recovered acceptance is not recorded twice. A
    // placed call is not a message sent: its call_ended event comes with its outcome.
    ...[...o.sent, ...recovered(o)].filter((a) => !isCall(a)).map((a) => on(a, messageEvent('message_sent', ref(a), a.at, { attempt: a.attempt }))),
    ...o.failed.map((a) => on(a, messageEvent('message_failed', ref(a), a.at, { attempt: a.attempt, code: a.code, reason: a.reason.slice(0, 500) }))),
  ];
}

/** The frequency caps' ledger per channel (caps name a call `voice`). */
async function countSends(tx: Tx, workspaceId: string, campaignId: string, sent: { recipient: ClaimedRecipient }[], failed: { recipient: ClaimedRecipient }[]) {
  const sendKey = (r: ClaimedRecipient) => ({ campaignId, stepIndex: r.stepIndex, contactId: r.contactId });
  const channels = new Set(sent.map((a) => channelOf(a.recipient)));
  for (const channel of channels) {
    await insertSends(tx, workspaceId, ANALYTICS_CHANNEL[channel], sent.filter((a) => channelOf(a.recipient) === channel).map((a) => sendKey(a.recipient)), new Date());
  }
  await releaseSends(tx, failed.map((a) => sendKey(a.recipient)));
}

/** Writes a batch's outcomes and their analytics events in one transaction. */
export async function applyOutcomes(workspaceId: string, campaignId: string, o: BatchOutcomes): Promise<void> {
  if (o.size === 0) return;
  await db.$transaction(
    async (tx) => {
      await markMessages(tx, o);
      await advance(tx, campaignId, [...o.sent.filter((a) => !isCall(a)), ...o.alreadySent, ...o.uncertain, ...o.skipped].map((a) => a.recipient));
      await awaitCallOutcome(tx, campaignId, o.sent.filter(isCall).map((a) => a.recipient));
      await failQueued(tx, campaignId, o.skipped);
      await deferUntil(tx, campaignId, [...o.deferred, ...o.retrying.map((a) => ({ recipient: a.recipient, until: a.retryAt }))]);
      await recordControls(tx, campaignId, o.notes);
      // The frequency caps' ledger: every send that reached the server counts (reserved ones already do), failed ones give their place back.
      await countSends(tx, workspaceId, campaignId, [...o.sent, ...o.alreadySent, ...o.uncertain], o.failed);
      await requeueRetries(tx, o.retrying);
      await settle(tx, campaignId, [...o.failed.map((a) => a.recipient), ...o.alreadyFailed], 'not_reached');
      await settle(tx, campaignId, o.released, 'pending');
      await exclude(tx, campaignId, o.excluded);
      const evs = events(workspaceId, o);
      if (evs.length) await recordEvents(tx, evs);
      const sentTimes = [...o.sent, ...recovered(o)];
      if (sentTimes.length) {
        const times = sentTimes.map((a) => a.at.getTime());
        await tx.$executeRawUnsafe(
          `UPDATE campaigns SET first_sent_at = COALESCE(first_sent_at, $2::timestamptz), last_sent_at = GREATEST(COALESCE(last_sent_at, $3::timestamptz), $3::timestamptz) WHERE id = $1::uuid`,
          campaignId,
          new Date(Math.min(...times)).toISOString(),
          new Date(Math.max(...times)).toISOString(),
        );
      }
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
