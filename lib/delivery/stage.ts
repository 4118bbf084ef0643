import { backoffMs } from '@/lib/backoff';
import { claimDueRecipients } from '@/lib/delivery/claim';
import { prepareBatch, type BatchContext, type PreparedBatch } from '@/lib/delivery/batch';
import { readCampaignState, type DispatchCampaignState } from '@/lib/delivery/progress';
import { TokenBucket } from '@/lib/delivery/rate';
import { RunTemplates } from '@/lib/delivery/templates';
import { getTransport, type Transport } from '@/lib/delivery/transport';

/** The first stage of a dispatch run: read the campaign, claim a batch, prepare it for sending. */

export const DISPATCH_DEFAULTS = { batchSize: 200, concurrency: 16, maxMs: 60_000, leaseSeconds: 120, maxAttempts: 5, retryBaseMs: 60_000 };
export type RunOptions = typeof DISPATCH_DEFAULTS & { transport?: Transport };
/** How often a long batch re-reads the campaign's status between sends. */
const STATUS_RECHECK_MS = 250;

export type StopReason = 'idle' | 'budget' | 'paused' | 'completed' | 'missing';

/** What a run keeps across batches: compiled templates and the rate limit's bucket. */
export interface RunState {
  base: string;
  templates: RunTemplates | null;
  rate: number | null;
  bucket: TokenBucket | null;
}

/** The per-batch context: the pause check re-reads the status at most every STATUS_RECHECK_MS, and sending stops while a quarter of the lease is left. */
function batchContext(
  workspaceId: string,
  campaignId: string,
  claimedAt: number,
  o: RunOptions,
  run: { base: string; templates: RunTemplates; bucket: TokenBucket | null },
): BatchContext {
  const leaseDeadline = claimedAt + o.leaseSeconds * 750; // local clock, not the database's
  let lastCheck = 0; // the first send of every batch re-reads the status
  let active = true;
  return {
    workspaceId,
    campaignId,
    base: run.base,
    transport: o.transport ?? getTransport(),
    templates: run.templates,
    bucket: run.bucket,
    concurrency: o.concurrency,
    maxAttempts: o.maxAttempts,
    retryDelayMs: (attempt) => backoffMs(attempt, o.retryBaseMs, Infinity),
    async shouldStop() {
      if (!active || Date.now() >= leaseDeadline) return true;
      if (Date.now() - lastCheck < STATUS_RECHECK_MS) return false;
      lastCheck = Date.now();
      active = (await readCampaignState(campaignId))?.status === 'active';
      return !active;
    },
  };
}

export type Stage = { kind: 'batch'; workspaceId: string; ctx: BatchContext; batch: PreparedBatch } | { kind: 'none'; stop: StopReason | null };

/** Reads the campaign, claims the next batch and prepares it; `none` says why to stop, or (stop: null) that nothing is due. */
export async function nextBatch(campaignId: string, o: RunOptions, started: number, run: RunState): Promise<Stage> {
  const campaign: DispatchCampaignState | null = await readCampaignState(campaignId);
  if (!campaign || campaign.status !== 'active') return { kind: 'none', stop: !campaign ? 'missing' : campaign.status === 'completed' ? 'completed' : 'paused' };
  if (Date.now() - started >= o.maxMs) return { kind: 'none', stop: 'budget' };
  run.templates ??= new RunTemplates(campaign.workspaceId);
  const rate = campaign.sendRateLimit && campaign.sendRateLimit > 0 ? campaign.sendRateLimit : null;
  if (rate !== run.rate) {
    run.rate = rate;
    run.bucket = rate ? new TokenBucket(rate) : null;
  }
  // A rate-limited batch holds about one second of sends, so the status is still re-read every second or so.
  const limit = rate ? Math.max(1, Math.min(o.batchSize, Math.ceil(rate))) : o.batchSize;
  const claimedAt = Date.now();
  const claimed = await claimDueRecipients(campaignId, limit, o.leaseSeconds);
  if (claimed.length === 0) return { kind: 'none', stop: null };
  const ctx = batchContext(campaign.workspaceId, campaignId, claimedAt, o, { base: run.base, templates: run.templates, bucket: run.bucket });
  return { kind: 'batch', workspaceId: campaign.workspaceId, ctx, batch: await prepareBatch(ctx, claimed) };
}
