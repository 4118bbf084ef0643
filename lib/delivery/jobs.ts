import { z } from 'zod';
import { db } from '@/lib/db';
import { triggerJob } from '@/lib/jobs';
import { defineCron, defineJob } from '@/lib/jobs/definition';
import { completeFinishedCampaign } from '@/lib/campaigns/status';
import { dispatchCampaign, type DispatchResult } from '@/lib/delivery/dispatch';

/** One dispatch step works this long at most, well inside a serverless function's time limit. */
export const STEP_BUDGET_MS = 20_000;
/** Rounds per run (each one or two steps; Inngest allows 1,000 steps a run): a longer campaign continues in a new run. */
export const MAX_ROUNDS = 400;

export const dispatchPayloadSchema = z.object({ campaignId: z.uuid(), workspaceId: z.uuid() });

/** What a round reports (dates as ISO strings, as step results are stored as JSON on both drivers). */
export const summarise = (r: DispatchResult) => ({ ...r, nextDueAt: r.nextDueAt?.toISOString() ?? null });

/**
 * `campaigns.dispatch`: a campaign's execution, started by activation and resume. It alternates dispatch rounds (each
 * a step, so a retry resumes after the last finished round) with sleeps until the next due time, until the campaign
 * completes or stops; a pause or completion cancels it. Runs of one campaign never overlap; dispatch itself is safe
 * to run beside another (claims skip each other's rows), which is what lets the backstop start one when in doubt.
 */
export const dispatchCampaignJob = defineJob({
  id: 'campaigns.dispatch',
  schema: dispatchPayloadSchema,
  retries: 5,
  concurrencyKey: (p) => `campaigns.dispatch:${p.campaignId}`,
  cancelOn: [
    { signal: 'campaign.paused', match: 'campaignId' },
    { signal: 'campaign.completed', match: 'campaignId' },
  ],
  async handler(p, { step }) {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await step.run(`dispatch-${round}`, async () => {
        const result = summarise(await dispatchCampaign(p.campaignId, { maxMs: STEP_BUDGET_MS }));
        // Never wake before a second from now: an idle round must not spin.
        if (result.nextDueAt) result.nextDueAt = new Date(Math.max(Date.parse(result.nextDueAt), Date.now() + 1000)).toISOString();
        return result;
      });
      if (r.stoppedBecause === 'paused' || r.stoppedBecause === 'completed' || r.stoppedBecause === 'missing') return r;
      if (r.stoppedBecause === 'idle') {
        if (!r.nextDueAt) return r;
        await step.sleepUntil(`wait-for-due-${round}`, new Date(r.nextDueAt));
      }
    }
    await step.run('continue-execution', () => triggerJob(dispatchCampaignJob, p));
    return { continued: true };
  },
});

/** A dispatcher counts as alive while it holds a lease or sent something this recently. */
const HEARTBEAT_SECONDS = 15;

/**
 * Active campaigns nobody is working on: due (or abandoned) recipients, no live lease, nothing sent lately; and
 * active campaigns with nobody left to send to, which only need completing.
 */
export async function findUnattendedCampaigns(): Promise<{ id: string; workspaceId: string; finished: boolean }[]> {
  const rows = await db.$queryRawUnsafe<{ id: string; workspace_id: string; finished: boolean }[]>(
    `SELECT c.id::text, c.workspace_id::text,
       NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state IN ('pending', 'in_progress')) AS finished
     FROM campaigns c
     WHERE c.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state = 'in_progress' AND r.lease_until >= now())
       AND (c.last_sent_at IS NULL OR c.last_sent_at < now() - make_interval(secs => ${HEARTBEAT_SECONDS}))
       AND (EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state = 'pending' AND r.next_due_at <= now())
         OR EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state = 'in_progress' AND r.lease_until < now())
         OR (NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.state IN ('pending', 'in_progress'))
             AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id)))
     LIMIT 100`,
  );
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, finished: r.finished }));
}

/**
 * `delivery.dispatch-due`, each minute on either driver: the backstop that starts a dispatch for due work nobody
 * claimed (a lost event, a run that gave up) and completes campaigns with nobody left to send to.
 */
export const dispatchDueCron = defineCron({
  id: 'delivery.dispatch-due',
  cron: '* * * * *',
  handler: ({ step }) =>
    step.run('find-unattended', async () => {
      const minute = Math.floor(Date.now() / 60_000);
      let triggered = 0;
      let completed = 0;
      for (const c of await findUnattendedCampaigns()) {
        if (c.finished) {
          if (await completeFinishedCampaign(c.id)) completed++;
          continue;
        }
        await triggerJob(dispatchCampaignJob, { campaignId: c.id, workspaceId: c.workspaceId }, { dedupKey: `campaigns.dispatch:${c.id}:due:${minute}` });
        triggered++;
      }
      return { triggered, completed };
    }),
});
