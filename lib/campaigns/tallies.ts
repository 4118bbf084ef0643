/**
 * Recipients per campaign and state, read from `campaign_recipient_tallies`: deltas a trigger on `campaign_recipients`
 * writes in the transaction of every change (activation, claims, outcomes), so a count never disagrees with the rows.
 */
import { db } from '@/lib/db';
import { defineCron } from '@/lib/jobs/definition';
import type { RecipientState } from '@/lib/generated/prisma/enums';

export type RecipientStateCounts = Record<RecipientState, number> & { total: number };

const empty = (): RecipientStateCounts => ({ total: 0, pending: 0, in_progress: 0, completed: 0, refused: 0, not_reached: 0, excluded: 0 });

/** The campaign's recipients by state: a sum over a few delta rows, whatever the audience's size. */
export async function recipientStateCounts(campaignId: string): Promise<RecipientStateCounts> {
  const rows = await db.$queryRaw<{ state: RecipientState; n: number }[]>`
    SELECT state, sum(delta)::int AS n FROM campaign_recipient_tallies WHERE campaign_id = ${campaignId}::uuid GROUP BY state`;
  const counts = empty();
  for (const r of rows) {
    counts[r.state] += r.n;
    counts.total += r.n;
  }
  return counts;
}

/**
 * Folds each campaign's deltas into one row per state, so reads stay a handful of rows while a campaign sends.
 * Rows written by transactions still open are invisible here and stay as they are: nothing is counted twice.
 */
export async function compactRecipientTallies(): Promise<{ folded: number }> {
  const [row] = await db.$queryRaw<{ folded: number }[]>`
    WITH crowded AS (
      SELECT campaign_id FROM campaign_recipient_tallies GROUP BY campaign_id HAVING count(*) > 12 LIMIT 500
    ), gone AS (
      DELETE FROM campaign_recipient_tallies t USING crowded WHERE t.campaign_id = crowded.campaign_id RETURNING t.campaign_id, t.state, t.delta
    ), kept AS (
      INSERT INTO campaign_recipient_tallies (campaign_id, state, delta)
      SELECT campaign_id, state, sum(delta) FROM gone GROUP BY campaign_id, state HAVING sum(delta) <> 0
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM gone) - (SELECT count(*) FROM kept))::int AS folded`;
  return { folded: row?.folded ?? 0 };
}

export const compactRecipientTalliesCron = defineCron({
  id: 'campaigns.compact-tallies',
  cron: '* * * * *',
  handler: ({ step }) => step.run('compact', compactRecipientTallies),
});
