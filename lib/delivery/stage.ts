import { backoffMs } from '@/lib/backoff';
import { isMarkedUnreachable, transportAnswers } from '@/lib/delivery/breaker';
import { claimDueRecipients } from '@/lib/delivery/claim';
import type { ClaimLease, HeldBatch } from '@/lib/delivery/lease';
import { prepareBatch, type BatchContext, type PreparedBatch } from '@/lib/delivery/batch';
import { readCampaignState, type DispatchCampaignState } from '@/lib/delivery/progress';
import { TokenBucket } from '@/lib/delivery/rate';
import { RunTemplates } from '@/lib/delivery/templates';
import { getTransport, type Transport } from '@/lib/delivery/transport';
import { engagementRules } from '@/lib/engagement/settings';
import { experimentsOf } from '@/lib/engagement/experiments';
import type { EngagementContext } from '@/lib/engagement/gate';
import { campaignSendSteps, type CampaignSendSteps } from '@/lib/channels/campaign-steps';
import { getPhoneProvider } from '@/lib/channels/provider';
import { twilioConfig } from '@/lib/channels/twilio';

/** The first stage of a dispatch run: read the campaign, claim a batch, prepare it for sending. */

/** A claim's lease is short and renewed every `leaseRenewMs` while the run lives, so a dead process's recipients are taken over within seconds. */
export const DISPATCH_DEFAULTS = { batchSize: 200, concurrency: 16, maxMs: 60_000, leaseSeconds: 10, leaseRenewMs: 3_000, maxAttempts: 5, retryBaseMs: 60_000 };
export type RunOptions = typeof DISPATCH_DEFAULTS & { transport?: Transport };
/** How often a long batch re-reads the campaign's status between sends. */
const STATUS_RECHECK_MS = 250;

export type StopReason = 'idle' | 'budget' | 'paused' | 'completed' | 'missing';

/** What a run keeps across batches: compiled templates, the rate limit's bucket and the lease of its claims. */
export interface RunState {
  base: string;
  lease: ClaimLease;
  templates: RunTemplates | null;
  rate: number | null;
  bucket: TokenBucket | null;
  /** The campaign's channels and call policies, read once per run. */
  steps?: CampaignSendSteps;
  /** Set when the run ended because the mail server did not answer a probe: look again after PROBE_INTERVAL_MS. */
  unreachable?: boolean;
}

/** The per-batch context: the pause check re-reads the status at most every STATUS_RECHECK_MS, and sending stops once the held lease says so. */
function batchContext(
  workspaceId: string,
  campaignId: string,
  held: HeldBatch,
  o: RunOptions,
  run: { base: string; templates: RunTemplates; bucket: TokenBucket | null; steps: CampaignSendSteps },
  transport: Transport,
  engagement: EngagementContext,
): BatchContext {
  let lastCheck = 0; // the first send of every batch re-reads the status
  let active = true;
  return {
    workspaceId,
    campaignId,
    base: run.base,
    transport,
    templates: run.templates,
    engagement,
    steps: run.steps,
    phone: run.steps.channels.size > (run.steps.channels.has('email') ? 1 : 0) ? getPhoneProvider() : null,
    bucket: run.bucket,
    concurrency: o.concurrency,
    maxAttempts: o.maxAttempts,
    retryDelayMs: (attempt) => backoffMs(attempt, o.retryBaseMs, Infinity),
    async shouldStop() {
      if (!active || Date.now() >= held.sendUntil || (run.steps.channels.has('email') && isMarkedUnreachable(transport))) return true;
      if (Date.now() - lastCheck < STATUS_RECHECK_MS) return false;
      lastCheck = Date.now();
      active = (await readCampaignState(campaignId))?.status === 'active';
      return !active;
    },
  };
}

/** The slowest sending-number rate among the campaign's phone channels, or null when it has none. */
function phoneRateOf(steps: CampaignSendSteps): number | null {
  const config = twilioConfig();
  if (!config) return null;
  const rates = [...steps.channels].flatMap((c) => (c === 'email' ? [] : [c === 'call' ? config.callsPerSecond : config.messagesPerSecond]));
  return rates.length ? Math.min(...rates) : null;
}

export type Stage = { kind: 'batch'; workspaceId: string; ctx: BatchContext; held: HeldBatch; batch: PreparedBatch } | { kind: 'none'; stop: StopReason | null };

/** Reads the campaign, claims the next batch and prepares it; `none` says why to stop, or (stop: null) that nothing is due. */
export async function nextBatch(campaignId: string, o: RunOptions, started: number, run: RunState): Promise<Stage> {
  const campaign: DispatchCampaignState | null = await readCampaignState(campaignId);
  if (!campaign || campaign.status !== 'active') return { kind: 'none', stop: !campaign ? 'missing' : campaign.status === 'completed' ? 'completed' : 'paused' };
  if (Date.now() - started >= o.maxMs) return { kind: 'none', stop: 'budget' };
  run.templates ??= new RunTemplates(campaign.workspaceId);
  run.steps ??= await campaignSendSteps(campaignId);
  const rate = campaign.sendRateLimit && campaign.sendRateLimit > 0 ? campaign.sendRateLimit : null;
  if (rate !== run.rate) {
    run.rate = rate;
    run.bucket = rate ? new TokenBucket(rate) : null;
  }
  // A rate-limited batch holds about one second of sends, so the status is still re-read every second or so.
  let limit = rate ? Math.max(1, Math.min(o.batchSize, Math.ceil(rate))) : o.batchSize;
  // Texts and calls go at the sending number's rate: a batch holds about two seconds of them, for the same reason.
  const phoneRate = phoneRateOf(run.steps);
  if (phoneRate) limit = Math.max(1, Math.min(limit, Math.ceil(phoneRate * 2)));
  // While the mail server does not answer, nothing is claimed: the run ends and looks again after PROBE_INTERVAL_MS.
  const transport = o.transport ?? getTransport();
  if (run.steps.channels.has('email') && !(await transportAnswers(transport))) {
    run.unreachable = true;
    return { kind: 'none', stop: null };
  }
  run.unreachable = false;
  const claimedAt = Date.now();
  const claimed = await claimDueRecipients(campaignId, limit, o.leaseSeconds);
  if (claimed.length === 0) return { kind: 'none', stop: null };
  const held = run.lease.hold(claimed, claimedAt);
  // Read per batch, so a change of settings or an A/B decision applies from the next batch on.
  const [rules, experiments] = await Promise.all([engagementRules(campaignId), experimentsOf(campaignId)]);
  const engagement: EngagementContext = { rules: rules ?? { quietHours: null, caps: [], cappedSends: 'defer', timeZone: 'UTC' }, experiments };
  const ctx = batchContext(campaign.workspaceId, campaignId, held, o, { base: run.base, templates: run.templates, bucket: run.bucket, steps: run.steps }, transport, engagement);
  return { kind: 'batch', workspaceId: campaign.workspaceId, ctx, held, batch: await prepareBatch(ctx, claimed) };
}
