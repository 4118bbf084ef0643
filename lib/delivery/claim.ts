import { db, rawQuery } from '@/lib/db';
import { EXCLUSION_REASON_SQL } from '@/lib/campaigns/snapshot';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { TemplateChannel } from '@/lib/channels/content';

/** One recipient claimed for its current step, with what rendering and the send-time checks need. */
export interface ClaimedRecipient {
  campaignId: string;
  contactId: string;
  workspaceId: string;
  stepIndex: number;
  /** The campaign's flow (for analytics), null for a single-template campaign. */
  flowId: string | null;
  /** null when the schedule has no row for this step and zone (the recipient cannot be sent to). */
  templateId: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string | null;
  timeZone: string | null;
  attributes: Prisma.JsonValue;
  /** Why the contact must not get this email now (opted out, unsubscribed, suppressed since activation), or null. */
  exclusionReason: string | null;
  /** When this step is due in the recipient's schedule zone (null without a schedule row). */
  stepDueAt: Date | null;
  /** The channel of this step's template, once triage has loaded it. */
  channel?: TemplateChannel;
  /** The contact's consent per phone channel. */
  smsOptIn: boolean;
  whatsappOptIn: boolean;
  callOptIn: boolean;
  /** The A/B test variant the engagement controls gave this send (test group only). */
  variant?: number | null;
  /** The lease this claim took; bookkeeping only touches the row while it still carries this exact value (a fencing token). */
  leaseUntil: Date;
}

interface Row {
  campaign_id: string;
  contact_id: string;
  workspace_id: string;
  step_index: number;
  flow_id: string | null;
  template_id: string | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  sms_opt_in: boolean;
  whatsapp_opt_in: boolean;
  call_opt_in: boolean;
  locale: string | null;
  contact_time_zone: string | null;
  attributes: Prisma.JsonValue;
  exclusion_reason: string | null;
  step_due_at: Date | string | null;
  lease_until: Date | string;
}

// Why two locked CTEs instead of `state IN (…)`: each is a plain range scan of the (campaign_id, state, next_due_at)
// index that stops after $2 rows, where an IN list would sort every due row of a large campaign on each claim.
const DUE = (state: string, extra: string) => `SELECT campaign_id, contact_id, next_step, time_zone, next_due_at FROM campaign_recipients
    WHERE campaign_id = $1::uuid AND state = '${state}' AND next_due_at <= now() ${extra}
      AND EXISTS (SELECT 1 FROM campaigns WHERE id = $1::uuid AND status = 'active')
    ORDER BY next_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

export const CLAIM_SQL = `WITH pending_due AS (${DUE('pending', 'AND (lease_until IS NULL OR lease_until < now())')}),
  stale_due AS (${DUE('in_progress', 'AND lease_until < now()')}),
  picked AS (SELECT * FROM (SELECT * FROM pending_due UNION ALL SELECT * FROM stale_due) u ORDER BY next_due_at LIMIT $2),
  due AS (
    SELECT p.campaign_id, p.contact_id, p.next_step, cs.template_id, cs.due_at AS step_due_at, camp.flow_id, c.workspace_id, c.email, c.first_name, c.last_name, c.phone,
      c.sms_opt_in, c.whatsapp_opt_in, c.call_opt_in, c.locale, c.time_zone AS contact_time_zone, c.attributes, (${EXCLUSION_REASON_SQL}) AS exclusion_reason
    FROM picked p
    JOIN contacts c ON c.id = p.contact_id
    JOIN campaigns camp ON camp.id = p.campaign_id
    LEFT JOIN suppressions sup ON sup.workspace_id = c.workspace_id AND sup.email = c.email
    LEFT JOIN campaign_steps cs ON cs.campaign_id = p.campaign_id AND cs.step_index = p.next_step AND cs.time_zone = p.time_zone
  )
  UPDATE campaign_recipients r
  SET state = 'in_progress', lease_until = now() + make_interval(secs => $3), updated_at = now()
  FROM due
  WHERE r.campaign_id = due.campaign_id AND r.contact_id = due.contact_id
  RETURNING r.campaign_id::text, r.contact_id::text, due.workspace_id::text, r.next_step AS step_index, due.flow_id::text, due.template_id::text,
    due.email, due.first_name, due.last_name, due.phone, due.sms_opt_in, due.whatsapp_opt_in, due.call_opt_in, due.locale, due.contact_time_zone, due.attributes, due.exclusion_reason, due.step_due_at, r.lease_until`;

/**
 * Claims up to `limit` recipients of an active campaign whose current step is due and whom nobody holds, in one
 * statement: marks them in progress under a lease and returns each with its contact (as it is now) and the template
 * of its step in its schedule zone. SKIP LOCKED lets any number of dispatchers share a campaign without waiting.
 */
export async function claimDueRecipients(campaignId: string, limit: number, leaseSeconds: number): Promise<ClaimedRecipient[]> {
  const rows = await rawQuery<Row>(db, CLAIM_SQL, [campaignId, limit, leaseSeconds]);
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    contactId: r.contact_id,
    workspaceId: r.workspace_id,
    stepIndex: Number(r.step_index),
    flowId: r.flow_id,
    templateId: r.template_id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone,
    smsOptIn: r.sms_opt_in,
    whatsappOptIn: r.whatsapp_opt_in,
    callOptIn: r.call_opt_in,
    locale: r.locale,
    timeZone: r.contact_time_zone,
    attributes: r.attributes,
    exclusionReason: r.exclusion_reason,
    stepDueAt: r.step_due_at ? new Date(r.step_due_at) : null,
    leaseUntil: new Date(r.lease_until),
  }));
}
