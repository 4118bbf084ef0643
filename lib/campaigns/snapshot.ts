/**
 * Set-based SQL that freezes a segment into `campaign_recipients` at activation: one INSERT … SELECT,
 * never a loop over contacts and never a row per step.
 */
import type { Prisma } from '@/lib/generated/prisma/client';
import type { CompiledSegment } from '@/lib/segments/compile';

type Tx = Prisma.TransactionClient;

/** Appends parameters after the segment's own, handing back their placeholders. */
function paramsAfter(segment: CompiledSegment) {
  const values = [...segment.params];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, add };
}

const SUPPRESSION_JOIN = `LEFT JOIN suppressions sup ON sup.workspace_id = c.workspace_id AND sup.email = c.email`;

/**
 * Why a matching contact gets no email, or NULL when it gets them. When several apply, the strongest wins:
 * a suppression (`suppressed:<reason>`), then an unsubscribe, then a missing marketing opt-in.
 */
export const EXCLUSION_REASON_SQL = `CASE
  WHEN sup.email IS NOT NULL THEN 'suppressed:' || sup.reason::text
  WHEN c.unsubscribed_at IS NOT NULL THEN 'unsubscribed'
  WHEN NOT c.marketing_opt_in THEN 'no_marketing_opt_in'
END`;

/** The distinct time zones (raw, possibly NULL or invalid) of the segment's eligible contacts. */
export async function eligibleTimeZones(tx: Tx, workspaceId: string, segment: CompiledSegment): Promise<(string | null)[]> {
  const p = paramsAfter(segment);
  const sql = `SELECT DISTINCT NULLIF(c.time_zone, '') AS time_zone
    FROM contacts c ${SUPPRESSION_JOIN}
    WHERE (${segment.where}) AND c.workspace_id = ${p.add(workspaceId)}::uuid AND (${EXCLUSION_REASON_SQL}) IS NULL`;
  const rows = await tx.$queryRawUnsafe<{ time_zone: string | null }[]>(sql, ...p.values);
  return rows.map((r) => r.time_zone);
}

export interface SnapshotInput {
  campaignId: string;
  workspaceId: string;
  segment: CompiledSegment;
  /** The zone of recipients not scheduled in a zone of their own. */
  campaignTimeZone: string;
  /** Recipient zones that have their own schedule rows (empty unless sending in recipients' zones). */
  recipientTimeZones: readonly string[];
  /** Share of the eligible contacts held out (receive nothing, excluded as `holdout`), 0 for none. */
  holdoutPercent?: number;
  at: Date;
}

export interface SnapshotCounts {
  targeted: number;
  excluded: number;
  pending: number;
  exclusions: Record<string, number>;
  firstSendAt: Date | null;
}

/**
 * Inserts every matching contact as a recipient in one statement: excluded ones with their reason, the rest
 * pending at step 0, due when step 0 is due in their schedule zone (joined from the `campaign_steps` rows
 * written just before). `campaign_recipients.time_zone` holds that schedule zone, the key into those rows.
 */
export async function snapshotAudience(tx: Tx, input: SnapshotInput): Promise<SnapshotCounts> {
  // Room in memory for the tally trigger's transition table, which holds every inserted row. Contacts are read in heap
  // order, not sorted by id: ordering them for the recipients' key cost 1M contacts 6.4–6.8 s against 4.9–5.4 s unsorted.
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '256MB'`);
  const p = paramsAfter(input.segment);
  const campaign = `${p.add(input.campaignId)}::uuid`;
  const zones = `ARRAY(SELECT jsonb_array_elements_text(${p.add(JSON.stringify(input.recipientTimeZones))}::jsonb))`;
  // The holdout: a deterministic, evenly spread slice of the eligible contacts, from a hash of campaign and contact.
  const holdout = input.holdoutPercent
    ? `WHEN ('x' || substr(md5(${campaign}::text || c.id::text), 1, 8))::bit(32)::bigint % 10000 < ${p.add(Math.round(input.holdoutPercent * 100))}::int THEN 'holdout'`
    : '';
  const sql = `WITH inserted AS (
    INSERT INTO campaign_recipients
      (campaign_id, contact_id, time_zone, state, exclusion_reason, next_step, next_due_at, updated_at)
    SELECT ${campaign}, c.id, z.zone,
      (CASE WHEN x.reason IS NULL THEN 'pending' ELSE 'excluded' END)::"RecipientState",
      x.reason, 0, CASE WHEN x.reason IS NULL THEN cs.due_at END, ${p.add(input.at.toISOString())}::timestamptz
    FROM contacts c
    ${SUPPRESSION_JOIN}
    CROSS JOIN LATERAL (SELECT CASE WHEN (${EXCLUSION_REASON_SQL}) IS NOT NULL THEN ${EXCLUSION_REASON_SQL} ${holdout} END AS reason) x
    CROSS JOIN LATERAL (SELECT CASE WHEN c.time_zone = ANY(${zones}) THEN c.time_zone ELSE ${p.add(input.campaignTimeZone)} END AS zone) z
    LEFT JOIN campaign_steps cs ON cs.campaign_id = ${campaign} AND cs.step_index = 0 AND cs.time_zone = z.zone
    WHERE (${input.segment.where}) AND c.workspace_id = ${p.add(input.workspaceId)}::uuid
    RETURNING exclusion_reason, next_due_at
  )
  SELECT exclusion_reason AS reason, count(*)::int AS n, min(next_due_at) AS first_due FROM inserted GROUP BY exclusion_reason`;
  const rows = await tx.$queryRawUnsafe<{ reason: string | null; n: number; first_due: Date | string | null }[]>(sql, ...p.values);
  const exclusions: Record<string, number> = {};
  let pending = 0;
  let firstSendAt: Date | null = null;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.reason) exclusions[r.reason] = n;
    else {
      pending = n;
      firstSendAt = r.first_due ? new Date(r.first_due) : null;
    }
  }
  const excluded = Object.values(exclusions).reduce((a, b) => a + b, 0);
  return { targeted: pending + excluded, excluded, pending, exclusions, firstSendAt };
}
