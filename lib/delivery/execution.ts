import { z } from 'zod';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { summarise } from '@/lib/delivery/jobs';
import { CAMPAIGN_EVENTS } from '@/lib/delivery/trigger';

/** One `step.run` dispatches for at most this long, well inside a serverless function's time limit. */
export const STEP_BUDGET_MS = 20_000;
/** Rounds per function run (each is one or two steps; Inngest allows 1,000): a longer campaign continues in a new run. */
export const MAX_ROUNDS = 400;

export const campaignActivatedSchema = z.object({
  campaignId: z.uuid(),
  workspaceId: z.uuid(),
  runAt: z.iso.datetime({ offset: true }).nullish(),
});

/** The slice of Inngest's step tools the execution uses, so it can be driven (and tested) without the SDK's types. */
export interface ExecutionSteps {
  run<T>(id: string, fn: () => Promise<T>): Promise<unknown>;
  sleepUntil(id: string, until: Date): Promise<unknown>;
  sendEvent(id: string, payload: { name: string; data: Record<string, unknown> }): Promise<unknown>;
}

type Round = ReturnType<typeof summarise>;

/**
 * The body of Inngest's `campaign-execution` function: sleep until the first step is due, then alternate dispatch
 * rounds (each inside `step.run`, so a retry resumes after the last finished round) with sleeps until the next due
 * time, until the campaign completes or stops. Step ids depend only on earlier step results, so replays line up.
 */
export async function executeCampaign(data: unknown, step: ExecutionSteps): Promise<Round | { continued: true }> {
  const { campaignId, workspaceId, runAt } = campaignActivatedSchema.parse(data);
  if (runAt) await step.sleepUntil('wait-for-first-step', new Date(runAt));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = (await step.run(`dispatch-${round}`, async () => {
      const result = summarise(await dispatchCampaign(campaignId, { maxMs: STEP_BUDGET_MS }));
      // Never wake before a second from now: an idle round must not spin.
      if (result.nextDueAt) result.nextDueAt = new Date(Math.max(Date.parse(result.nextDueAt), Date.now() + 1000)).toISOString();
      return result;
    })) as Round;
    if (r.stoppedBecause === 'paused' || r.stoppedBecause === 'completed' || r.stoppedBecause === 'missing') return r;
    if (r.stoppedBecause === 'idle') {
      if (!r.nextDueAt) return r;
      await step.sleepUntil(`wait-for-due-${round}`, new Date(r.nextDueAt));
    }
  }
  await step.sendEvent('continue-execution', { name: CAMPAIGN_EVENTS.activated, data: { campaignId, workspaceId, runAt: null } });
  return { continued: true };
}
