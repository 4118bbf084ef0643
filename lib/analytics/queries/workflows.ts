/**
 * GET /api/v1/analytics/workflows (seed 003), answered for Herald's flows (see flow-runs.ts for what a run is).
 * conversion = runs that reached a goal / completed runs, as in the seed; Herald's flows define no goals, so
 * goalReachedRuns and the conversion rates stay 0 unless an integration sends workflow_run_goal_reached.
 */
import { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { isoSeconds, rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { autoGranularity, fillSeries } from '@/lib/analytics/buckets';
import { percent } from '@/lib/analytics/rates';
import { flowOf } from '@/lib/analytics/scope';
import { emptyRuns, flowCampaigns, flowRuns } from '@/lib/analytics/queries/flow-runs';

export const workflowsParams = rangedSchema('30d', {
  workflowId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export async function workflows(workspaceId: string, params: z.output<typeof workflowsParams>) {
  const { range, workflowId, limit } = params;
  if (workflowId) await flowOf(workspaceId, workflowId);
  const granularity = autoGranularity(range);
  const fc = await flowCampaigns(workspaceId, workflowId);
  const { perFlow, perBucket } = await flowRuns(workspaceId, range, fc, granularity);
  const total = emptyRuns();
  for (const c of perFlow.values()) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
  const rows = fc.flows
    .map((f) => {
      const c = perFlow.get(f.id) ?? emptyRuns();
      return { workflowId: f.id, name: f.name, runs: c.runs, completed: c.completed, failed: c.failed, goalReached: c.goalReached, completionRate: percent(c.completed, c.runs), conversionRate: percent(c.goalReached, c.completed) };
    })
    .sort((a, b) => b.runs - a.runs || a.name.localeCompare(b.name));
  return {
    timeRange: rangeLabel(range),
    granularity,
    summary: {
      totalRuns: total.runs,
      completedRuns: total.completed,
      failedRuns: total.failed,
      goalReachedRuns: total.goalReached,
      avgCompletionRate: percent(total.completed, total.runs),
      avgConversionRate: percent(total.goalReached, total.completed),
    },
    topWorkflows: rows.slice(0, limit),
    timeSeries: fillSeries(range, granularity, 'UTC', perBucket, emptyRuns).map(({ at, row }) => ({ timestamp: isoSeconds(at), runs: row.runs, completed: row.completed, failed: row.failed })),
  };
}

export const workflowsQuestion = question({
  name: 'workflows',
  params: workflowsParams,
  run: workflows,
  tables: {
    topWorkflows: { columns: ['workflowId', 'name', 'runs', 'completed', 'failed', 'goalReached', 'completionRate', 'conversionRate'], rows: (d) => d.topWorkflows },
    timeSeries: { columns: ['timestamp', 'runs', 'completed', 'failed'], rows: (d) => d.timeSeries },
  },
});
