import { releaseBatch, sendBatch } from '@/lib/delivery/batch';
import { ClaimLease, type HeldBatch } from '@/lib/delivery/lease';
import { applyOutcomes, type BatchOutcomes } from '@/lib/delivery/outcomes';
import { nextClaimableAt } from '@/lib/delivery/progress';
import { completeFinishedCampaign } from '@/lib/campaigns/status';
import { DISPATCH_DEFAULTS, nextBatch, type RunOptions, type RunState, type Stage, type StopReason } from '@/lib/delivery/stage';
import type { Transport } from '@/lib/delivery/transport';
import { publicBaseUrl } from '@/lib/tracking/urls';
import { PROBE_INTERVAL_MS } from '@/lib/delivery/breaker';

export type { StopReason } from '@/lib/delivery/stage';

export interface DispatchOptions {
  /** Recipients per claim (and per bookkeeping transaction); ≤ 200 keeps each batch well under the 2 s pause promise. */
  batchSize?: number;
  /** Sends in flight at once on the (pooled) transport. */
  concurrency?: number;
  /** Stop claiming new batches after this long (a job run stays bounded; the caller schedules the rest). */
  maxMs?: number;
  /** The claim's lease (renewed every `leaseRenewMs` while the run lives); another dispatcher takes over a dead run's claims after it. */
  leaseSeconds?: number;
  leaseRenewMs?: number;
  /** Attempts per message before a transient failure becomes final. */
  maxAttempts?: number;
  /** First retry delay; each further retry waits twice as long. */
  retryBaseMs?: number;
  /** Where mail goes; getTransport() (SMTP when SMTP_URL is set, else the sink) unless a caller brings its own. */
  transport?: Transport;
}

export interface DispatchResult {
  campaignId: string;
  batches: number;
  sent: number;
  failed: number;
  retrying: number;
  excluded: number;
  released: number;
  /** Messages found in flight from a dispatcher that stopped, marked uncertain and not resent. */
  uncertain: number;
  stoppedBecause: StopReason;
  /** When to look again (idle or out of budget with recipients left); null when nothing is left or the campaign stopped. */
  nextDueAt: Date | null;
}

function tally(result: DispatchResult, o: BatchOutcomes) {
  result.sent += o.sent.length;
  result.failed += o.failed.length;
  result.retrying += o.retrying.length;
  result.excluded += o.excluded.length;
  result.released += o.released.length;
  result.uncertain += o.uncertain.length;
}

/** Bookkeeping must land; a deadlock or dropped connection gets two more tries before the batch is left to its lease. */
async function applyWithRetry(workspaceId: string, campaignId: string, o: BatchOutcomes) {
  for (let i = 1; ; i++) {
    try {
      return await applyOutcomes(workspaceId, campaignId, o);
    } catch (err) {
      if (i >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

/**
 * Works through a campaign's due recipients, batch by batch, until none is due, the campaign stops being active,
 * or `maxMs` is spent. Before every batch it re-reads the campaign (status, rate limit), and while sending it
 * re-reads the status every 250 ms, so a pause stops sending within a fraction of a second. Any number
 * of dispatchers may run on one campaign at once: claims skip each other's rows, and the unique message row per
 * (campaign, step, recipient) keeps each email to one send.
 *
 * Three stages overlap, so the database's round trips hide behind the sending: while batch N is being sent,
 * batch N+1 is claimed and prepared and batch N-1's outcomes are written (in order: N-1 lands before N is written).
 */
export async function dispatchCampaign(campaignId: string, options: DispatchOptions = {}): Promise<DispatchResult> {
  const o: RunOptions = { ...DISPATCH_DEFAULTS, ...options };
  const started = Date.now();
  const result: DispatchResult = { campaignId, batches: 0, sent: 0, failed: 0, retrying: 0, excluded: 0, released: 0, uncertain: 0, stoppedBecause: 'idle', nextDueAt: null };
  const run: RunState = { base: publicBaseUrl(), lease: new ClaimLease(campaignId, o.leaseSeconds, o.leaseRenewMs), templates: null, rate: null, bucket: null };

  let writing: Promise<void> | null = null;
  const settle = async () => {
    const w = writing;
    writing = null;
    if (w) await w;
  };
  const write = async (workspaceId: string, held: HeldBatch, outcomes: BatchOutcomes) => {
    await settle();
    const w = run.lease.settle(held, () => applyWithRetry(workspaceId, campaignId, outcomes)).then(() => tally(result, outcomes));
    w.catch(() => undefined); // surfaced by settle(); this only keeps it from counting as unhandled meanwhile
    writing = w;
  };

  let stop: StopReason;
  let next: Promise<Stage> | null = nextBatch(campaignId, o, started, run);
  try {
    for (;;) {
      const stage: Stage = await next!;
      next = null;
      if (stage.kind === 'none') {
        if (stage.stop) {
          stop = stage.stop;
          break;
        }
        if (writing) {
          await settle(); // the last batch may have made next steps due at once
          next = nextBatch(campaignId, o, started, run);
          continue;
        }
        stop = (await completeFinishedCampaign(campaignId)) ? 'completed' : 'idle';
        break;
      }
      next = nextBatch(campaignId, o, started, run);
      next.catch(() => undefined); // awaited on the next turn (or released below)
      await write(stage.workspaceId, stage.held, await sendBatch(stage.ctx, stage.batch));
      result.batches++;
    }
  } finally {
    // A batch claimed ahead of a stop (or an error) goes back to pending untouched.
    try {
      const ahead = await next?.catch(() => null);
      if (ahead?.kind === 'batch') await write(ahead.workspaceId, ahead.held, releaseBatch(ahead.batch));
      await settle();
    } finally {
      run.lease.stop();
    }
  }
  result.stoppedBecause = stop;
  if (stop === 'idle' || stop === 'budget') result.nextDueAt = run.unreachable ? new Date(Date.now() + PROBE_INTERVAL_MS) : await nextClaimableAt(campaignId);
  return result;
}
