/** The audit of engagement controls: what each did to which recipient's send, written with the batch's outcomes. */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Control, ControlAction } from '@/lib/engagement/control-words';

type Tx = Prisma.TransactionClient;

export { CONTROLS, WAITING_REASONS, type Control, type ControlAction } from '@/lib/engagement/control-words';

export interface ControlNote {
  contactId: string;
  stepIndex: number | null;
  control: Control;
  action: ControlAction;
  detail: string;
  until?: Date | null;
}

export async function recordControls(tx: Tx, campaignId: string, notes: readonly ControlNote[]): Promise<void> {
  if (!notes.length) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO send_controls (campaign_id, contact_id, step_index, control, action, detail, until)
     SELECT $1::uuid, x.contact_id, x.step_index, x.control, x.action, x.detail, x.until
     FROM jsonb_to_recordset($2::jsonb) AS x(contact_id uuid, step_index int, control text, action text, detail text, until timestamptz)`,
    campaignId,
    JSON.stringify(notes.map((n) => ({ contact_id: n.contactId, step_index: n.stepIndex, control: n.control, action: n.action, detail: n.detail, until: n.until?.toISOString() ?? null }))),
  );
}

export interface ControlEntry {
  stepIndex: number | null;
  control: Control;
  action: ControlAction;
  detail: string;
  until: string | null;
  at: string;
}

/** Each contact's control history in this campaign, newest first (the contact list's audit column). */
export async function controlsOfContacts(campaignId: string, contactIds: readonly string[]): Promise<Map<string, ControlEntry[]>> {
  const out = new Map<string, ControlEntry[]>();
  if (!contactIds.length) return out;
  const rows = await db.sendControl.findMany({
    where: { campaignId, contactId: { in: [...contactIds] } },
    orderBy: { id: 'desc' },
    take: 50 * contactIds.length,
  });
  for (const r of rows) {
    const list = out.get(r.contactId) ?? [];
    if (list.length < 20) list.push({ stepIndex: r.stepIndex, control: r.control as Control, action: r.action as ControlAction, detail: r.detail, until: r.until?.toISOString() ?? null, at: r.createdAt.toISOString() });
    out.set(r.contactId, list);
  }
  return out;
}

export interface ControlCounts {
  /** Distinct contacts each control touched, by control and action (`frequency_cap.skipped`) and by control alone (`variant`). */
  contacts: Record<string, number>;
  /** Contacts waiting right now, by control, and when the first of them is due again. */
  waiting: { control: Control; contacts: number; nextAt: string | null }[];
}

/** What the controls did to a campaign, for its dashboard and schedule view. */
export async function controlCounts(campaignId: string): Promise<ControlCounts> {
  const [touched, waiting] = await Promise.all([
    db.$queryRawUnsafe<{ control: string; action: string | null; n: number }[]>(
      `SELECT control, action, count(DISTINCT contact_id)::int AS n FROM send_controls WHERE campaign_id = $1::uuid GROUP BY GROUPING SETS ((control, action), (control))`,
      campaignId,
    ),
    // A contact waits when its latest control deferred it to a time still ahead and it has not been sent since.
    db.$queryRawUnsafe<{ control: string; n: number; next_at: Date | string | null }[]>(
      `SELECT l.control, count(*)::int AS n, min(l.until) AS next_at
       FROM (SELECT DISTINCT ON (contact_id) contact_id, control, action, until FROM send_controls
             WHERE campaign_id = $1::uuid AND control IN ('quiet_hours', 'frequency_cap', 'variant') ORDER BY contact_id, id DESC) l
       JOIN campaign_recipients r ON r.campaign_id = $1::uuid AND r.contact_id = l.contact_id AND r.state IN ('pending', 'in_progress')
       WHERE l.action = 'deferred' AND l.until > now()
       GROUP BY l.control`,
      campaignId,
    ),
  ]);
  return {
    contacts: Object.fromEntries(touched.map((r) => [r.action === null ? r.control : `${r.control}.${r.action}`, Number(r.n)])),
    waiting: waiting.map((w) => ({ control: w.control as Control, contacts: Number(w.n), nextAt: w.next_at ? new Date(w.next_at).toISOString() : null })),
  };
}
