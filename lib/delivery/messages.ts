import { db, rawQuery } from '@/lib/db';
import { env } from '@/lib/env';
import type { MessageStatus } from '@/lib/generated/prisma/enums';
import { UUID_PATTERN } from '@/lib/ids';

export interface MessageKey {
  contactId: string;
  stepIndex: number;
  templateId: string | null;
  toAddress: string;
  /** The A/B test variant this send belongs to, when it is in a test group. */
  variant?: number | null;
  channel?: string;
}

/** The Message row of one (campaign, step, recipient), either inserted now or found from an earlier attempt. */
export interface MessageSlot {
  id: string;
  contactId: string;
  stepIndex: number;
  status: MessageStatus;
  /** Attempts already made before this one. */
  attemptCount: number;
  /** When the server accepted it (sent and later states). */
  sentAt: Date | null;
  providerMessageId: string | null;
  fresh: boolean;
}

interface Row {
  id: string;
  contact_id: string;
  step_index: number;
  status: MessageStatus;
  attempt_count: number;
  sent_at: Date | string | null;
  provider_message_id: string | null;
  fresh: boolean;
}

/** The Message-ID's local part: the same on every attempt of one (campaign, step, recipient), so a receiver can drop a resent copy. */
export const stableMessageId = (campaignId: string, r: { stepIndex: number; contactId: string }) => `${campaignId}.${r.stepIndex}.${r.contactId}`;

const STABLE_ID = new RegExp(`^<?(${UUID_PATTERN})\\.(\\d{1,6})\\.(${UUID_PATTERN})@[^>]*>?$`, 'i');

/** The (campaign, step, recipient) a Message-ID header names, when it is one of ours (`<campaign.step.contact@domain>`). */
export function parseStableMessageId(header: string): { campaignId: string; stepIndex: number; contactId: string } | null {
  const m = STABLE_ID.exec(header.trim());
  return m ? { campaignId: m[1].toLowerCase(), stepIndex: Number(m[2]), contactId: m[3].toLowerCase() } : null;
}

/**
 * Inserts the queued Message row of each (campaign, step, recipient) under its unique key, in one statement, and
 * returns it together with any row an earlier attempt left (ON CONFLICT DO NOTHING, then the existing rows from the
 * statement's snapshot). The caller holds the recipients' leases, so a queued row it gets back is its to send; a row
 * already sent is never sent again.
 */
export async function ensureMessages(workspaceId: string, campaignId: string, keys: readonly MessageKey[]): Promise<MessageSlot[]> {
  if (keys.length === 0) return [];
  const rows = await rawQuery<Row>(
    db,
    `WITH k AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(contact_id uuid, step_index int, template_id uuid, to_address text, variant int, channel text)
     ), ins AS (
       INSERT INTO messages (workspace_id, campaign_id, contact_id, step_index, template_id, to_address, variant, channel, status)
       SELECT $1::uuid, $2::uuid, k.contact_id, k.step_index, k.template_id, k.to_address, k.variant, COALESCE(k.channel, 'email'), 'queued' FROM k
       ON CONFLICT (campaign_id, step_index, contact_id) DO NOTHING
       RETURNING id, contact_id, step_index, status, attempt_count, sent_at, provider_message_id
     )
     SELECT id::text, contact_id::text, step_index, status, attempt_count, sent_at, provider_message_id, true AS fresh FROM ins
     UNION ALL
     SELECT m.id::text, m.contact_id::text, m.step_index, m.status, m.attempt_count, m.sent_at, m.provider_message_id, false FROM messages m
     JOIN k ON m.campaign_id = $2::uuid AND m.step_index = k.step_index AND m.contact_id = k.contact_id`,
    [
      workspaceId,
      campaignId,
      JSON.stringify(keys.map((k) => ({ contact_id: k.contactId, step_index: k.stepIndex, template_id: k.templateId, to_address: k.toAddress, variant: k.variant ?? null, channel: k.channel ?? 'email' }))),
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contact_id,
    stepIndex: Number(r.step_index),
    status: r.status,
    attemptCount: Number(r.attempt_count),
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
    providerMessageId: r.provider_message_id,
    fresh: r.fresh,
  }));
}

/**
 * Collects one-row writes made at about the same time into one statement (a group commit): recording every send as it
 * happens then costs one round trip per group of concurrent sends, not one per message.
 */
class GroupWriter<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly write: (items: T[]) => Promise<R[]>) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    await Promise.resolve(); // the callers of this tick join the first group
    while (this.pending.length) {
      const group = this.pending.splice(0);
      try {
        const results = await this.write(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(results[i]));
      } catch (err) {
        group.forEach((g) => g.reject(err));
      }
    }
    this.flushing = false;
  }
}

export interface Acceptance {
  id: string;
  at: Date;
  providerMessageId: string;
  attempt: number;
}

/** One send lane's step: the acceptance of its previous message (if any) and the message it is about to send (if any). */
export interface LaneStep {
  sent?: Acceptance;
  sending?: string;
}

/**
 * Both halves of a step go in one statement, so a lane never has more than one message `sending` at any committed moment:
 * after a crash, the messages in doubt are at most one per lane (the run's send concurrency).
 */
const laneWriter = new GroupWriter<LaneStep, boolean>(async (steps) => {
  const sent = steps.flatMap((s) => (s.sent ? [s.sent] : []));
  const sending = steps.flatMap((s) => (s.sending ? [s.sending] : []));
  const rows = await rawQuery<{ id: string }>(
    db,
    `WITH accepted AS (
       UPDATE messages m SET status = 'sent', sent_at = x.at, provider_message_id = x.provider_id, attempt_count = x.attempt, next_attempt_at = NULL, failure_reason = NULL
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, at timestamptz, provider_id text, attempt int)
       WHERE m.id = x.id AND m.status IN ('queued', 'sending', 'uncertain') AND m.attempt_count < x.attempt
       RETURNING m.id
     )
     UPDATE messages SET status = 'sending' WHERE id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid) AND status = 'queued' RETURNING id::text`,
    [JSON.stringify(sent.map((r) => ({ id: r.id, at: r.at.toISOString(), provider_id: r.providerMessageId, attempt: r.attempt }))), JSON.stringify(sending)],
  );
  const marked = new Set(rows.map((r) => r.id));
  return steps.map((s) => (s.sending ? marked.has(s.sending) : true));
});

/**
 * Records a lane's step (group-committed with the other lanes' steps of the moment): the server's acceptance of its last
 * message, and its next message marked `sending` before it waits for a connection. Resolves false when that next
 * message is no longer queued (someone else settled it): it must not be sent then.
 */
export const recordLaneStep = (step: LaneStep): Promise<boolean> => laneWriter.add(step);

/** Why an in-flight message is not resent by default; shown as its failure reason. */
export const UNCERTAIN_REASON = 'uncertain: in flight when its dispatcher stopped, the server may have it; not resent (DELIVERY_RESEND_UNCERTAIN=1 resends)';

/** Opt-in policy for messages found in flight after a crash: resend them (receivers may see a copy, with the same Message-ID). */
export const resendUncertain = () => env().DELIVERY_RESEND_UNCERTAIN;

/** Puts in-flight messages back to queued for a resend (the resend policy); returns the ids it moved. */
export async function requeueInFlight(ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await rawQuery<{ id: string }>(db, `UPDATE messages SET status = 'queued' WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) AND status = 'sending' RETURNING id::text`, [
    JSON.stringify(ids),
  ]);
  return new Set(rows.map((r) => r.id));
}
