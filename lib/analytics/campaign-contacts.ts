/**
 * GET /api/campaigns/[id]/contacts: the contacts behind one bar or funnel step of the campaign dashboard, a page
 * at a time. Exactly one of:
 * - `state=` recipients in that state (campaign_recipients, PostgreSQL);
 * - `outcome=` contacts with a call of that outcome (call_ended events);
 * - `event=` (and `label=` for funnel_step / intent_detected) contacts with such an event of the campaign;
 * - `control=` contacts an engagement control acted on (quiet hours, frequency cap, A/B variant), or the holdout.
 * Every item carries what the engagement controls did to that contact's sends, newest first.
 * Event contacts come from ClickHouse (tenant and campaign scoped) and their names from the workspace's contacts.
 */
import { z } from 'zod';
import { db } from '@/lib/db';
import { assertUuidCursor, encodePageCursor, pageQuerySchema } from '@/lib/http/pagination';
import { CALL_OUTCOMES, EVENT_TYPES } from '@/lib/analytics/events';
import { num, select } from '@/lib/analytics/source';
import { campaignOf, contactsByIds } from '@/lib/analytics/scope';
import { CONTROLS, controlsOfContacts, type ControlEntry } from '@/lib/engagement/controls';

const RECIPIENT_STATES = ['pending', 'in_progress', 'completed', 'refused', 'not_reached', 'excluded'] as const;

export const campaignContactsQuerySchema = z
  .object({
    state: z.enum(RECIPIENT_STATES).optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    event: z.enum(EVENT_TYPES).optional(),
    label: z.string().trim().min(1).max(1024).optional(),
    control: z.enum(CONTROLS).optional(),
  })
  .extend(pageQuerySchema.shape)
  .superRefine((v, ctx) => {
    const given = [v.state, v.outcome, v.event, v.control].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['state'], message: 'Give exactly one of state, outcome, event or control' });
    if (v.label !== undefined && v.event !== 'funnel_step' && v.event !== 'intent_detected') {
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'label goes with event=funnel_step or event=intent_detected' });
    }
  });
export type CampaignContactsQuery = z.output<typeof campaignContactsQuerySchema>;

export interface ContactItem {
  contactId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  state?: string;
  /** Why the recipient gets nothing (opted out, suppressed, holdout), when excluded. */
  exclusionReason?: string | null;
  /** What engagement controls did to this contact's sends in the campaign, newest first. */
  controls?: ControlEntry[];
}

/**
 * Recipients in one state (or the holdout), in their contacts' email order, with names from the same join; the cursor is
 * the last contact id, whose email places the next page.
 */
async function recipientsInState(workspaceId: string, campaignId: string, q: CampaignContactsQuery) {
  assertUuidCursor(q);
  const holdout = q.control === 'holdout';
  const filter = holdout ? 'r.exclusion_reason = $2' : `r.state = $2::"RecipientState"`;
  const value = holdout ? 'holdout' : q.state;
  const [[count], rows] = await Promise.all([
    db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM campaign_recipients r WHERE r.campaign_id = $1::uuid AND ${filter}`, campaignId, value),
    db.$queryRawUnsafe<{ contact_id: string; email: string; first_name: string | null; last_name: string | null; state: string; exclusion_reason: string | null }[]>(
      `SELECT r.contact_id::text AS contact_id, c.email, c.first_name, c.last_name, r.state::text AS state, r.exclusion_reason
       FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id AND c.workspace_id = $3::uuid
       WHERE r.campaign_id = $1::uuid AND ${filter}
         AND ($4::uuid IS NULL OR (c.email, r.contact_id) > (SELECT after.email, after.id FROM contacts after WHERE after.id = $4::uuid))
       ORDER BY c.email, r.contact_id LIMIT $5`,
      campaignId,
      value,
      workspaceId,
      q.cursor ?? null,
      q.limit + 1,
    ),
  ]);
  const page = rows.slice(0, q.limit);
  const items: ContactItem[] = page.map((r) => ({ contactId: r.contact_id, email: r.email, firstName: r.first_name, lastName: r.last_name, state: r.state, exclusionReason: r.exclusion_reason }));
  return { total: Number(count?.n ?? 0), items, nextCursor: rows.length > q.limit ? encodePageCursor(page.at(-1)!.contact_id) : null };
}

/** Contacts a control acted on, from its audit rows, by contact id. */
async function contactsWithControl(workspaceId: string, campaignId: string, q: CampaignContactsQuery) {
  assertUuidCursor(q);
  const [[count], ids] = await Promise.all([
    db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(DISTINCT contact_id)::int AS n FROM send_controls WHERE campaign_id = $1::uuid AND control = $2`, campaignId, q.control),
    db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT DISTINCT contact_id::text AS id FROM send_controls WHERE campaign_id = $1::uuid AND control = $2 AND ($3::uuid IS NULL OR contact_id > $3::uuid) ORDER BY 1 LIMIT $4`,
      campaignId,
      q.control,
      q.cursor ?? null,
      q.limit + 1,
    ),
  ]);
  const page = ids.slice(0, q.limit);
  const names = await contactsByIds(workspaceId, page.map((r) => r.id));
  const items: ContactItem[] = page.map(({ id }) => ({ contactId: id, email: names.get(id)?.email ?? null, firstName: names.get(id)?.firstName ?? null, lastName: names.get(id)?.lastName ?? null }));
  return { total: Number(count?.n ?? 0), items, nextCursor: ids.length > q.limit ? encodePageCursor(page.at(-1)!.id) : null };
}

async function contactsWithEvents(workspaceId: string, campaignId: string, q: CampaignContactsQuery) {
  const condition = q.outcome
    ? "event_type = 'call_ended' AND outcome = {outcome:String}"
    : q.label !== undefined
      ? 'event_type = {event:String} AND label = {label:String}'
      : 'event_type = {event:String}';
  const params = {
    tenant: workspaceId,
    campaign: campaignId,
    outcome: q.outcome ?? '',
    event: q.event ?? '',
    label: q.label ?? '',
    after: q.cursor ?? '',
    limit: q.limit + 1,
  };
  const base = `FROM analytics_events WHERE tenant_id = {tenant:String} AND campaign_id = {campaign:String} AND contact_id IS NOT NULL AND ${condition}`;
  const [[count], ids] = await Promise.all([
    select<{ n: string }>(`SELECT uniqExact(contact_id) AS n ${base}`, params),
    select<{ id: string }>(`SELECT assumeNotNull(contact_id) AS id ${base} AND contact_id > {after:String} GROUP BY id ORDER BY id LIMIT {limit:UInt32}`, params),
  ]);
  const page = ids.slice(0, q.limit);
  const names = await contactsByIds(workspaceId, page.map((r) => r.id));
  const items: ContactItem[] = page.map(({ id }) => ({ contactId: id, email: names.get(id)?.email ?? null, firstName: names.get(id)?.firstName ?? null, lastName: names.get(id)?.lastName ?? null }));
  return { total: num(count?.n), items, nextCursor: ids.length > q.limit ? encodePageCursor(page.at(-1)!.id) : null };
}

export async function campaignContacts(workspaceId: string, campaignId: string, q: CampaignContactsQuery) {
  const campaign = await campaignOf(workspaceId, campaignId);
  const { items, nextCursor, total } =
    q.state || q.control === 'holdout'
      ? await recipientsInState(workspaceId, campaign.id, q)
      : q.control
        ? await contactsWithControl(workspaceId, campaign.id, q)
        : await contactsWithEvents(workspaceId, campaign.id, q);
  const controls = await controlsOfContacts(campaign.id, items.map((i) => i.contactId));
  return { items: items.map((i) => ({ ...i, controls: controls.get(i.contactId) ?? [] })), nextCursor, total };
}
