/**
 * Runs of Herald's flows, read from raw message events (step_index is a raw column), for the workflows and
 * sequences questions. Herald runs a flow once per recipient of each campaign that uses it, so:
 * - a run is a (campaign, contact) pair whose first send step (step_index 0, or none) went out in the range;
 * - it is completed once that contact has been sent the campaign's last send step (campaign_steps, else the flow);
 * - failed when one of its messages bounced or failed; replied on a sequence_enrollment_replied event;
 *   goal reached on a workflow_run_goal_reached event (Herald's flows define no goals, so only integrations send it).
 * Flows, their names and campaigns come from PostgreSQL, so another workspace's flow never appears.
 */
import { db } from '@/lib/db';
import { formatClickHouseDateTime64 } from '@/lib/analytics/events';
import type { ResolvedRange } from '@/lib/analytics/range';
import type { Granularity } from '@/lib/analytics/buckets';
import { num, select } from '@/lib/analytics/source';

const RUN_EVENTS = ['message_sent', 'sequence_step_executed', 'message_bounced', 'message_failed', 'sequence_enrollment_replied', 'workflow_run_goal_reached'];

export interface RunCounts {
  runs: number;
  completed: number;
  failed: number;
  replied: number;
  goalReached: number;
}

export const emptyRuns = (): RunCounts => ({ runs: 0, completed: 0, failed: 0, replied: 0, goalReached: 0 });

const addRuns = (a: RunCounts, b: RunCounts) => {
  for (const k of Object.keys(a) as (keyof RunCounts)[]) a[k] += b[k];
  return a;
};

export interface FlowCampaigns {
  flows: { id: string; name: string; campaignIds: string[] }[];
  flowOf: Map<string, string>;
  /** Index of each campaign's last send step. */
  lastStep: Map<string, number>;
}

/** The workspace's flows (or one), the campaigns using each, and where each campaign's flow ends. */
export async function flowCampaigns(workspaceId: string, flowId?: string): Promise<FlowCampaigns> {
  const flows = await db.flow.findMany({
    where: { workspaceId, ...(flowId ? { id: flowId } : {}) },
    select: { id: true, name: true, campaigns: { select: { id: true } }, steps: { where: { type: 'SEND_EMAIL' }, select: { position: true } } },
    orderBy: { name: 'asc' },
  });
  const campaignIds = flows.flatMap((f) => f.campaigns.map((c) => c.id));
  const scheduled = campaignIds.length
    ? await db.campaignStep.groupBy({ by: ['campaignId'], where: { campaignId: { in: campaignIds } }, _max: { stepIndex: true } })
    : [];
  const scheduledLast = new Map(scheduled.map((s) => [s.campaignId, s._max.stepIndex ?? 0]));
  const flowOf = new Map<string, string>();
  const lastStep = new Map<string, number>();
  for (const f of flows) {
    for (const c of f.campaigns) {
      flowOf.set(c.id, f.id);
      lastStep.set(c.id, scheduledLast.get(c.id) ?? Math.max(0, f.steps.length - 1));
    }
  }
  return { flows: flows.map((f) => ({ id: f.id, name: f.name, campaignIds: f.campaigns.map((c) => c.id) })), flowOf, lastStep };
}

const rangeParamsOf = (tenantId: string, range: ResolvedRange) => ({ tenant: tenantId, start: formatClickHouseDateTime64(range.start), end: formatClickHouseDateTime64(range.end) });

/** Run counts per flow and per time bucket of the run's start. */
export async function flowRuns(tenantId: string, range: ResolvedRange, fc: FlowCampaigns, granularity: Granularity) {
  const ids = [...fc.flowOf.keys()];
  const perFlow = new Map(fc.flows.map((f) => [f.id, emptyRuns()]));
  const perBucket = new Map<number, RunCounts>();
  if (ids.length === 0) return { perFlow, perBucket };
  const bucket = granularity === 'hour' ? 'toStartOfHour(started)' : granularity === 'day' ? 'toStartOfDay(started)' : granularity === 'week' ? 'toDateTime(toMonday(started))' : 'toDateTime(toStartOfMonth(started))';
  const rows = await select<{ c: string; b: string; runs: string; completed: string; failed: string; replied: string; goal: string }>(
    `SELECT c, toUnixTimestamp(${bucket}) AS b, count() AS runs,
            countIf(max_step >= transform(c, {cids:Array(String)}, {lasts:Array(Int64)}, toInt64(0))) AS completed,
            countIf(failed) AS failed, countIf(replied) AS replied, countIf(goal) AS goal
     FROM (
       SELECT assumeNotNull(campaign_id) AS c, contact_id,
              minIf(occurred_at, event_type IN ('message_sent', 'sequence_step_executed') AND ifNull(step_index, 0) = 0) AS started,
              maxIf(ifNull(step_index, 0), event_type IN ('message_sent', 'sequence_step_executed')) AS max_step,
              countIf(event_type IN ('message_bounced', 'message_failed')) > 0 AS failed,
              countIf(event_type = 'sequence_enrollment_replied') > 0 AS replied,
              countIf(event_type = 'workflow_run_goal_reached') > 0 AS goal
       FROM analytics_events
       WHERE tenant_id = {tenant:String} AND event_type IN {events:Array(String)} AND occurred_at >= {start:DateTime64(3)}
         AND campaign_id IN {cids:Array(String)} AND contact_id IS NOT NULL
       GROUP BY campaign_id, contact_id
       HAVING started >= {start:DateTime64(3)} AND started < {end:DateTime64(3)}
     )
     GROUP BY c, b`,
    { ...rangeParamsOf(tenantId, range), events: RUN_EVENTS, cids: ids, lasts: ids.map((id) => fc.lastStep.get(id) ?? 0) },
  );
  for (const r of rows) {
    const counts: RunCounts = { runs: num(r.runs), completed: num(r.completed), failed: num(r.failed), replied: num(r.replied), goalReached: num(r.goal) };
    const flow = perFlow.get(fc.flowOf.get(r.c)!);
    if (flow) addRuns(flow, counts);
    const at = num(r.b) * 1000;
    perBucket.set(at, addRuns(perBucket.get(at) ?? emptyRuns(), counts));
  }
  return { perFlow, perBucket };
}

/** Per step of the flows (step 1 = step_index 0): runs that executed it and runs that replied at it. */
export async function stepFunnel(tenantId: string, range: ResolvedRange, fc: FlowCampaigns) {
  const ids = [...fc.flowOf.keys()];
  if (ids.length === 0) return [];
  const rows = await select<{ step: number; executed: string; replied: string }>(
    `SELECT ifNull(step_index, 0) AS step,
            uniqExactIf((campaign_id, contact_id), event_type IN ('message_sent', 'sequence_step_executed')) AS executed,
            uniqExactIf((campaign_id, contact_id), event_type = 'sequence_enrollment_replied') AS replied
     FROM analytics_events
     WHERE tenant_id = {tenant:String} AND event_type IN ('message_sent', 'sequence_step_executed', 'sequence_enrollment_replied')
       AND occurred_at >= {start:DateTime64(3)} AND occurred_at < {end:DateTime64(3)}
       AND campaign_id IN {cids:Array(String)} AND contact_id IS NOT NULL
     GROUP BY step ORDER BY step`,
    { ...rangeParamsOf(tenantId, range), cids: ids },
  );
  const steps = Math.max(0, ...[...fc.lastStep.values()].map((s) => s + 1), ...rows.map((r) => num(r.step) + 1));
  const found = new Map(rows.map((r) => [num(r.step), r]));
  return Array.from({ length: steps }, (_, i) => ({ stepNumber: i + 1, executed: num(found.get(i)?.executed), replied: num(found.get(i)?.replied) }));
}
