/**
 * Frequency caps across campaigns: at most `limit` messages of a channel per contact per rolling `days`. Every send
 * is written to `contact_sends` (keyed like its message, so retries count once); with a cap in force the row is
 * reserved before the message goes out, under a per-contact lock, so two dispatchers racing for one contact — of the
 * same campaign or of two — can never both take its last place.
 */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { FrequencyCap } from '@/lib/engagement/schema';

type Tx = Prisma.TransactionClient;

export interface SendKey {
  campaignId: string;
  stepIndex: number;
  contactId: string;
}

export interface CapVerdict {
  /** Contacts whose send fits under the cap (their place is reserved now, or was by an earlier attempt). */
  allowed: Set<string>;
  /** Contacts at the cap, with when their oldest counted send leaves the window, and how many it counts. */
  capped: Map<string, { until: Date; count: number }>;
}

const json = (rows: unknown[]) => JSON.stringify(rows);
const DEADLOCK = '40P01';

/** Reserves a place under the cap for each contact that has one, in one short transaction. */
export async function reserveCappedSends(workspaceId: string, channel: string, cap: FrequencyCap, keys: readonly SendKey[]): Promise<CapVerdict> {
  if (!keys.length) return { allowed: new Set(), capped: new Map() };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction((tx) => reserve(tx, workspaceId, channel, cap, keys), { timeout: 30_000, maxWait: 30_000 });
    } catch (err) {
      // Locks are taken in one sorted order, so a deadlock needs a writer outside this path; try again regardless.
      if (attempt >= 3 || (err as { meta?: { code?: string } })?.meta?.code !== DEADLOCK) throw err;
    }
  }
}

async function reserve(tx: Tx, workspaceId: string, channel: string, cap: FrequencyCap, keys: readonly SendKey[]): Promise<CapVerdict> {
  const contacts = [...new Set(keys.map((k) => k.contactId))].sort();
  // One lock per (workspace, contact), taken in sorted order, held to the end of the transaction.
  await tx.$queryRawUnsafe(
    `SELECT count(pg_advisory_xact_lock(k))::int AS n FROM (SELECT hashtextextended($1 || ':' || c, 0) AS k FROM unnest($2::text[]) AS c ORDER BY 1) s`,
    workspaceId,
    contacts,
  );
  const rows = await tx.$queryRawUnsafe<{ contact_id: string; n: number; oldest: Date | string; mine: boolean }[]>(
    `SELECT s.contact_id::text, count(*)::int AS n, min(s.sent_at) AS oldest,
       bool_or(EXISTS (SELECT 1 FROM jsonb_to_recordset($5::jsonb) AS k(campaign_id uuid, step_index int, contact_id uuid)
         WHERE k.campaign_id = s.campaign_id AND k.step_index = s.step_index AND k.contact_id = s.contact_id)) AS mine
     FROM contact_sends s
     WHERE s.workspace_id = $1::uuid AND s.channel = $2 AND s.contact_id = ANY($3::uuid[]) AND s.sent_at > now() - make_interval(days => $4)
     GROUP BY s.contact_id`,
    workspaceId,
    channel,
    contacts,
    cap.days,
    json(keys.map((k) => ({ campaign_id: k.campaignId, step_index: k.stepIndex, contact_id: k.contactId }))),
  );
  const counted = new Map(rows.map((r) => [r.contact_id, r]));
  const allowed = new Set<string>();
  const capped = new Map<string, { until: Date; count: number }>();
  const toReserve: SendKey[] = [];
  for (const k of keys) {
    const c = counted.get(k.contactId);
    if (c?.mine) allowed.add(k.contactId); // reserved by an earlier attempt of this very send
    else if (!c || Number(c.n) < cap.limit) {
      allowed.add(k.contactId);
      toReserve.push(k);
      if (c) c.n = Number(c.n) + 1; // a second step of the same batch for this contact counts the first
      else counted.set(k.contactId, { contact_id: k.contactId, n: 1, oldest: new Date(), mine: false });
    } else capped.set(k.contactId, { until: new Date(new Date(c.oldest).getTime() + cap.days * 86_400_000), count: Number(c.n) });
  }
  if (toReserve.length) await insertSends(tx, workspaceId, channel, toReserve, new Date());
  return { allowed, capped };
}

/** Records sends (no cap in force, so nothing was reserved before they went out). Idempotent. */
export async function insertSends(tx: Tx, workspaceId: string, channel: string, keys: readonly SendKey[], at: Date): Promise<void> {
  if (!keys.length) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO contact_sends (campaign_id, step_index, contact_id, workspace_id, channel, sent_at)
     SELECT k.campaign_id, k.step_index, k.contact_id, $1::uuid, $2, $3::timestamptz
     FROM jsonb_to_recordset($4::jsonb) AS k(campaign_id uuid, step_index int, contact_id uuid)
     ON CONFLICT DO NOTHING`,
    workspaceId,
    channel,
    at.toISOString(),
    json(keys.map((k) => ({ campaign_id: k.campaignId, step_index: k.stepIndex, contact_id: k.contactId }))),
  );
}

/** Gives back the places of sends that never reached the contact (failed for good, excluded, skipped). */
export async function releaseSends(tx: Tx, keys: readonly SendKey[]): Promise<void> {
  if (!keys.length) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM contact_sends s USING jsonb_to_recordset($1::jsonb) AS k(campaign_id uuid, step_index int, contact_id uuid)
     WHERE s.campaign_id = k.campaign_id AND s.step_index = k.step_index AND s.contact_id = k.contact_id`,
    json(keys.map((k) => ({ campaign_id: k.campaignId, step_index: k.stepIndex, contact_id: k.contactId }))),
  );
}
