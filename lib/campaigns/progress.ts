import { db } from '@/lib/db';

/** Message statuses that mean the email left Herald (later feedback may still mark it bounced or complained). */
export const SENT_STATUSES = ['sent', 'delivered', 'bounced', 'complained'] as const;

export interface StepProgress {
  stepIndex: number;
  timeZone: string;
  /** Messages that left Herald (bounced ones included, as in the campaign summary). */
  sent: number;
  /** Messages that failed before sending or bounced afterwards: the campaign summary's `failed`. */
  failed: number;
  /** Of those, the ones that bounced after sending: counted in `sent` as well. */
  bounced: number;
  /** Recipients still waiting for this step: not yet sent, or queued for another attempt. */
  pending: number;
}

export type StepState = 'finished' | 'sent' | 'sending' | 'due' | 'scheduled' | 'skipped';

/**
 * What each schedule row (send step, per zone) has done, counted from the message and recipient rows: sent, failed,
 * and recipients still waiting for it. Excluded recipients never count.
 */
export async function stepProgress(workspaceId: string, campaignId: string): Promise<StepProgress[]> {
  const rows = await db.$queryRaw<{ step_index: number; time_zone: string; sent: bigint | number; failed: bigint | number; bounced: bigint | number; pending: bigint | number }[]>`
    SELECT cs.step_index, cs.time_zone,
      count(m.id) FILTER (WHERE m.status IN ('sent', 'delivered', 'bounced', 'complained')) AS sent,
      count(m.id) FILTER (WHERE m.status IN ('failed', 'bounced')) AS failed,
      count(m.id) FILTER (WHERE m.status = 'bounced') AS bounced,
      count(r.contact_id) FILTER (
        WHERE r.state IN ('pending', 'in_progress') AND r.next_step <= cs.step_index AND (m.id IS NULL OR m.status = 'queued')
      ) AS pending
    FROM campaign_steps cs
    JOIN campaigns c ON c.id = cs.campaign_id AND c.workspace_id = ${workspaceId}::uuid
    LEFT JOIN campaign_recipients r ON r.campaign_id = cs.campaign_id AND r.time_zone = cs.time_zone AND r.state <> 'excluded'
    LEFT JOIN messages m ON m.campaign_id = cs.campaign_id AND m.step_index = cs.step_index AND m.contact_id = r.contact_id
    WHERE cs.campaign_id = ${campaignId}::uuid
    GROUP BY cs.step_index, cs.time_zone
    ORDER BY cs.step_index, cs.time_zone`;
  return rows.map((r) => ({ stepIndex: Number(r.step_index), timeZone: r.time_zone, sent: Number(r.sent), failed: Number(r.failed), bounced: Number(r.bounced), pending: Number(r.pending) }));
}

/**
 * The word a schedule row shows: nothing is "due" once every recipient has been handled, and a row that sent to
 * nobody (everyone left the campaign earlier) says so instead of waiting forever.
 */
export function stepState(row: { dueAt: Date; finishedAt: Date | null }, progress: Pick<StepProgress, 'sent' | 'failed' | 'pending'> | undefined, now: Date): StepState {
  if (row.finishedAt) return 'finished';
  const p = progress ?? { sent: 0, failed: 0, pending: 0 };
  if (p.pending === 0) return p.sent + p.failed > 0 ? 'sent' : row.dueAt <= now ? 'skipped' : 'scheduled';
  if (row.dueAt > now) return 'scheduled';
  return p.sent + p.failed > 0 ? 'sending' : 'due';
}

export const stepStateLabels: Record<StepState, string> = {
  finished: 'Finished',
  sent: 'All processed',
  sending: 'Sending',
  due: 'Due',
  scheduled: 'Scheduled',
  skipped: 'Nobody left to send to',
};
