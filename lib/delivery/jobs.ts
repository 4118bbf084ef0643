import { z } from 'zod';
import { db } from '@/lib/db';
import { usesInngest } from '@/lib/env';
import { triggerJob } from '@/lib/jobs';
import { defineCron, defineJob, type JobContext } from '@/lib/jobs/definition';
import { dispatchCampaign, type DispatchResult } from '@/lib/delivery/dispatch';
import { completeIfFinished } from '@/lib/delivery/progress';

/** One dispatch job works this long at most, then hands over to a fresh one (local job leases are 5 minutes). */
export const DISPATCH_JOB_BUDGET_MS = 60_000;

export const dispatchPayloadSchema = z.object({ campaignId: z.uuid(), workspaceId: z.uuid() });
type DispatchPayload = z.infer<typeof dispatchPayloadSchema>;

/** What a job run reports (dates as ISO strings, so it survives Inngest's JSON step state). */
export const summarise = (r: DispatchResult) => ({ ...r, nextDueAt: r.nextDueAt?.toISOString() ?? null });

/** The next run of a campaign on the local driver: at once when the budget ran out, at the next due time when idle. */
async function scheduleFollowUp(p: DispatchPayload, r: DispatchResult, ctx: JobContext) {
  if (r.stoppedBecause === 'budget') {
    await triggerJob(dispatchCampaignJob, p, { dedupKey: `campaigns.dispatch:${p.campaignId}:after:${ctx.runId}:${ctx.attempt}` });
  } else if (r.stoppedBecause === 'idle' && r.nextDueAt) {
    const runAt = new Date(Math.max(r.nextDueAt.getTime(), Date.now() + 1000));
    await triggerJob(dispatchCampaignJob, p, { runAt, dedupKey: `campaigns.dispatch:${p.campaignId}:at:${runAt.toISOString()}` });
  }
}

/**
 * `campaigns.dispatch`: sends what is due for one campaign, then (local driver) schedules its own next run. Jobs
 * of one workspace run one at a time. On Inngest the `campaign-execution` function drives activated campaigns and
 * this job only runs when the backstop finds work nobody picked up.
 */
export const dispatchCampaignJob = defineJob({
  id: 'campaigns.dispatch',
  schema: dispatchPayloadSchema,
  retries: 4,
  concurrencyKey: (p) => `campaigns.dispatch:${p.workspaceId}`,
  async handler(p, ctx) {
    const r = await dispatchCampaign(p.campaignId, { maxMs: DISPATCH_JOB_BUDGET_MS });
    if (!usesInngest()) await scheduleFollowUp(p, r, ctx);
    return summarise(r);
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

/** `delivery.dispatch-due`: the backstop that starts a dispatch for due work nobody claimed (at most once a minute per campaign). */
export const dispatchDueCron = defineCron({
  id: 'delivery.dispatch-due',
  everySeconds: 5,
  cron: '* * * * *',
  async handler() {
    const minute = Math.floor(Date.now() / 60_000);
    let triggered = 0;
    let completed = 0;
    for (const c of await findUnattendedCampaigns()) {
      if (c.finished) {
        if (await completeIfFinished(c.id)) completed++;
        continue;
      }
      await triggerJob(dispatchCampaignJob, { campaignId: c.id, workspaceId: c.workspaceId }, { dedupKey: `campaigns.dispatch:${c.id}:due:${minute}` });
      triggered++;
    }
    return { triggered, completed };
  },
});
