import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { RecipientState } from '@/lib/generated/prisma/enums';
import type { AnalyticsEventType } from '@/lib/analytics/events';
import { recordEvents } from '@/lib/analytics/outbox';
import { messageEvent, type MessageRef } from '@/lib/delivery/events';
import { parseStableMessageId } from '@/lib/delivery/messages';

/** What comes back about a sent message, from our tracking links or a provider's webhook. */
export type FeedbackType = 'delivered' | 'opened' | 'clicked' | 'bounced' | 'complained' | 'unsubscribed';

export interface Feedback {
  type: FeedbackType;
  at: Date;
  /** Where it came from (pixel, link, sendgrid, webhook): kept in the event's metadata. */
  source: string;
  url?: string;
  reason?: string;
}

export type FeedbackOutcome = 'recorded' | 'duplicate' | 'unknown';

const EVENT_OF: Record<FeedbackType, AnalyticsEventType> = {
  delivered: 'message_delivered',
  opened: 'message_opened',
  clicked: 'message_clicked',
  bounced: 'message_bounced',
  complained: 'message_complained',
  unsubscribed: 'message_unsubscribed',
};

type Tx = Prisma.TransactionClient;

type Msg = MessageRef & { toAddress: string };

const MESSAGE_FIELDS = { id: true, workspaceId: true, campaignId: true, contactId: true, stepIndex: true, templateId: true, toAddress: true, campaign: { select: { flowId: true } } } as const;

function setRecipientState(tx: Tx, m: Msg, state: 'refused' | 'not_reached', from: RecipientState[]) {
  return tx.campaignRecipient.updateMany({
    where: { campaignId: m.campaignId, contactId: m.contactId, state: { in: from } },
    data: { state, nextDueAt: null, updatedAt: new Date() },
  });
}

function suppress(tx: Tx, m: Msg, reason: 'unsubscribed' | 'bounced' | 'complained', detail: string) {
  // A complaint outranks an earlier unsubscribe; anything else already there stays as it is.
  return tx.$executeRawUnsafe(
    `INSERT INTO suppressions (workspace_id, email, reason, detail) VALUES ($1::uuid, lower($2), $3::"SuppressionReason", $4)
     ON CONFLICT (workspace_id, email) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail
     WHERE EXCLUDED.reason = 'complained' AND suppressions.reason = 'unsubscribed'`,
    m.workspaceId,
    m.toAddress,
    reason,
    detail.slice(0, 1000),
  );
}

const unsubscribeContact = (tx: Tx, m: Msg, at: Date) =>
  tx.$executeRawUnsafe(`UPDATE contacts SET unsubscribed_at = COALESCE(unsubscribed_at, $2::timestamptz), updated_at = now() WHERE id = $1::uuid`, m.contactId, at.toISOString());

const firstTime = (tx: Tx, m: Msg, column: 'opened_at' | 'clicked_at' | 'delivered_at', at: Date, extra = '') =>
  tx.$executeRawUnsafe(`UPDATE messages SET ${column} = COALESCE(${column}, $2::timestamptz)${extra} WHERE id = $1::uuid`, m.id, at.toISOString());

/** The state change each kind of feedback makes; every one is idempotent, so a replay changes nothing more. */
const EFFECTS: Record<FeedbackType, (tx: Tx, m: Msg, f: Feedback) => Promise<unknown>> = {
  delivered: (tx, m, f) => firstTime(tx, m, 'delivered_at', f.at, `, status = CASE WHEN status IN ('queued', 'sent') THEN 'delivered'::"MessageStatus" ELSE status END`),
  opened: (tx, m, f) => firstTime(tx, m, 'opened_at', f.at),
  clicked: (tx, m, f) => firstTime(tx, m, 'clicked_at', f.at),
  async bounced(tx, m, f) {
    await tx.message.update({ where: { id: m.id }, data: { status: 'bounced', failureReason: f.reason ?? 'Bounced' } });
    await setRecipientState(tx, m, 'not_reached', ['pending', 'in_progress', 'completed']);
    await suppress(tx, m, 'bounced', f.reason ?? `Bounce reported by ${f.source}`);
  },
  async complained(tx, m, f) {
    await tx.message.update({ where: { id: m.id }, data: { status: 'complained' } });
    await setRecipientState(tx, m, 'refused', ['pending', 'in_progress', 'completed']);
    await unsubscribeContact(tx, m, f.at);
    await suppress(tx, m, 'complained', `Spam complaint reported by ${f.source}`);
  },
  async unsubscribed(tx, m, f) {
    await setRecipientState(tx, m, 'refused', ['pending', 'in_progress']);
    await unsubscribeContact(tx, m, f.at);
    await suppress(tx, m, 'unsubscribed', `Unsubscribed via ${f.source}`);
  },
};

type FeedbackItem = { messageId: string; feedback: Feedback };

const metadataOf = (f: Feedback) => ({ source: f.source, ...(f.url ? { url: f.url.slice(0, 2000) } : {}), ...(f.reason ? { reason: f.reason.slice(0, 500) } : {}) });

/**
 * Feedback applied in order inside one transaction: each message's state change, then every analytics event in one
 * outbox write. The event id is fixed per (message, type), so a repeat (in the same batch or later) counts once.
 */
async function applyFeedbackIn(tx: Tx, items: readonly FeedbackItem[]): Promise<FeedbackOutcome[]> {
  const rows = await tx.message.findMany({ where: { id: { in: [...new Set(items.map((i) => i.messageId))] } }, select: MESSAGE_FIELDS });
  const byId = new Map(rows.map(({ campaign, ...rest }) => [rest.id, { ...rest, flowId: campaign.flowId } as Msg]));
  const events = [];
  const slots: (number | null)[] = [];
  for (const { messageId, feedback: f } of items) {
    const m = byId.get(messageId);
    if (!m) {
      slots.push(null);
      continue;
    }
    await settleDoubt(tx, m, f);
    await EFFECTS[f.type](tx, m, f);
    slots.push(events.push(messageEvent(EVENT_OF[f.type], m, f.at, metadataOf(f))) - 1);
  }
  const recorded = events.length ? (await recordEvents(tx, events)).events : [];
  return slots.map((i) => (i === null ? 'unknown' : recorded[i]!.status === 'inserted' ? 'recorded' : 'duplicate'));
}

/**
 * Any report about a message proves the server took it, so one left in doubt by a dispatcher that stopped (`sending`,
 * `uncertain`) is settled as sent (with its message_sent event, one per message as always) before the report applies.
 */
async function settleDoubt(tx: Tx, m: Msg, f: Feedback) {
  const settled = await tx.$executeRawUnsafe(
    `UPDATE messages SET status = 'sent', sent_at = COALESCE(sent_at, $2::timestamptz), attempt_count = attempt_count + 1, failure_reason = NULL, next_attempt_at = NULL
     WHERE id = $1::uuid AND status IN ('sending', 'uncertain')`,
    m.id,
    f.at.toISOString(),
  );
  if (settled) await recordEvents(tx, [messageEvent('message_sent', m, f.at, { settledBy: f.source })]);
}

/**
 * Applies one piece of feedback to a message and writes its analytics event in the same transaction. The event id
 * is fixed per (message, type), so a repeated pixel load, a second click or a replayed webhook counts once.
 */
export async function applyFeedback(messageId: string, f: Feedback): Promise<FeedbackOutcome> {
  const [outcome] = await db.$transaction((tx) => applyFeedbackIn(tx, [{ messageId, feedback: f }]));
  return outcome!;
}

/** Many pieces of feedback, in order, in one transaction (one provider request's worth): each as applyFeedback applies it. */
export async function applyFeedbackBatch(items: readonly FeedbackItem[]): Promise<FeedbackOutcome[]> {
  return db.$transaction((tx) => applyFeedbackIn(tx, items), { timeout: 60_000, maxWait: 30_000 });
}

/** A message by Herald's id or the id the mail server gave it (the SMTP Message-ID), for webhooks. */
export async function findMessageId(ref: { messageId?: string | null; providerMessageId?: string | null }): Promise<string | null> {
  if (ref.messageId) {
    const m = await db.message.findUnique({ where: { id: ref.messageId }, select: { id: true } });
    if (m) return m.id;
  }
  if (ref.providerMessageId) {
    const bare = ref.providerMessageId.replace(/^<|>$/g, '');
    const m = await db.message.findFirst({ where: { providerMessageId: { in: [`<${bare}>`, bare] } }, select: { id: true } });
    if (m) return m.id;
    // A message whose acceptance was never recorded has no provider id yet, but its Message-ID names it.
    const key = parseStableMessageId(bare);
    if (key) {
      const byKey = await db.message.findUnique({ where: { campaignId_stepIndex_contactId: key }, select: { id: true } });
      if (byKey) return byKey.id;
    }
  }
  return null;
}
