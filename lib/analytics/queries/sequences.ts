/**
 * GET /api/v1/analytics/sequences (seed 003), answered for Herald's flows as sequences: an enrollment is a run
 * (see flow-runs.ts), active = started in the range and not yet completed, and the step funnel counts runs
 * per send step (stepNumber 1 = step_index 0). Replies come only from sequence_enrollment_replied events.
 */
import { z } from 'zod';
import { question } from '@/lib/analytics/question';
import { rangeLabel, rangedSchema } from '@/lib/analytics/range';
import { percent } from '@/lib/analytics/rates';
import { flowOf } from '@/lib/analytics/scope';
import { emptyRuns, flowCampaigns, flowRuns, stepFunnel } from '@/lib/analytics/queries/flow-runs';

export const sequencesParams = rangedSchema('30d', {
  sequenceId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export async function sequences(workspaceId: string, params: z.output<typeof sequencesParams>) {
  const { range, sequenceId, limit } = params;
  if (sequenceId) await flowOf(workspaceId, sequenceId);
  const fc = await flowCampaigns(workspaceId, sequenceId);
  const [{ perFlow }, steps] = await Promise.all([flowRuns(workspaceId, range, fc, 'day'), stepFunnel(workspaceId, range, fc)]);
  const total = emptyRuns();
  for (const c of perFlow.values()) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
  return {
    timeRange: rangeLabel(range),
    summary: {
      totalEnrollments: total.runs,
      activeEnrollments: Math.max(0, total.runs - total.completed),
      completedEnrollments: total.completed,
      repliedEnrollments: total.replied,
      avgReplyRate: percent(total.replied, total.runs),
    },
    stepFunnel: steps,
    topSequences: fc.flows
      .map((f) => {
        const c = perFlow.get(f.id) ?? emptyRuns();
        return { sequenceId: f.id, name: f.name, enrollments: c.runs, completed: c.completed, replied: c.replied, completionRate: percent(c.completed, c.runs), replyRate: percent(c.replied, c.runs) };
      })
      .sort((a, b) => b.enrollments - a.enrollments || a.name.localeCompare(b.name))
      .slice(0, limit),
  };
}

export const sequencesQuestion = question({
  name: 'sequences',
  params: sequencesParams,
  run: sequences,
  tables: {
    stepFunnel: { columns: ['stepNumber', 'executed', 'replied'], rows: (d) => d.stepFunnel },
    topSequences: { columns: ['sequenceId', 'name', 'enrollments', 'completed', 'replied', 'completionRate', 'replyRate'], rows: (d) => d.topSequences },
  },
});
