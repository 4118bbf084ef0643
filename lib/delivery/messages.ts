import { db } from '@/lib/db';
import type { MessageStatus } from '@/lib/generated/prisma/enums';

export interface MessageKey {
  contactId: string;
  stepIndex: number;
  templateId: string | null;
  toAddress: string;
}

/** The Message row of one (campaign, step, recipient), either inserted now or found from an earlier attempt. */
export interface MessageSlot {
  id: string;
  contactId: string;
  stepIndex: number;
  status: MessageStatus;
  /** Attempts already made before this one. */
  attemptCount: number;
  fresh: boolean;
}

interface Row {
  id: string;
  contact_id: string;
  step_index: number;
  status: MessageStatus;
  attempt_count: number;
  fresh: boolean;
}

/**
 * Inserts the queued Message row of each (campaign, step, recipient) under its unique key, in one statement, and
 * returns it together with any row an earlier attempt left (ON CONFLICT DO NOTHING, then the existing rows from the
 * statement's snapshot). The caller holds the recipients' leases, so a queued row it gets back is its to send; a row
 * already sent is never sent again.
 */
export async function ensureMessages(workspaceId: string, campaignId: string, keys: readonly MessageKey[]): Promise<MessageSlot[]> {
  if (keys.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Row[]>(
    `WITH k AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(contact_id uuid, step_index int, template_id uuid, to_address text)
     ), ins AS (
       INSERT INTO messages (workspace_id, campaign_id, contact_id, step_index, template_id, to_address, status)
       SELECT $1::uuid, $2::uuid, k.contact_id, k.step_index, k.template_id, k.to_address, 'queued' FROM k
       ON CONFLICT (campaign_id, step_index, contact_id) DO NOTHING
       RETURNING id, contact_id, step_index, status, attempt_count
     )
     SELECT id::text, contact_id::text, step_index, status, attempt_count, true AS fresh FROM ins
     UNION ALL
     SELECT m.id::text, m.contact_id::text, m.step_index, m.status, m.attempt_count, false FROM messages m
     JOIN k ON m.campaign_id = $2::uuid AND m.step_index = k.step_index AND m.contact_id = k.contact_id`,
    workspaceId,
    campaignId,
    JSON.stringify(keys.map((k) => ({ contact_id: k.contactId, step_index: k.stepIndex, template_id: k.templateId, to_address: k.toAddress }))),
  );
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contact_id,
    stepIndex: Number(r.step_index),
    status: r.status,
    attemptCount: Number(r.attempt_count),
    fresh: r.fresh,
  }));
}
