import type { Actor } from '@/lib/auth/context';
import { parseWith } from '@/lib/http/parse';
import { createCampaign } from '@/lib/campaigns/crud';
import { draftCampaignSchema } from '@/lib/campaigns/schema';
import { activateCampaign } from '@/lib/campaigns/activate';
import { pauseCampaign } from '@/lib/campaigns/status';
import { utcToWallClock, wallClockToUtc } from '@/lib/campaigns/zoned-time';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { createSinkTransport } from '@/lib/delivery/sink';
import { flushOutbox } from '@/lib/analytics/flush';
import { outboxBacklog } from '@/lib/analytics/outbox';
import { backdateDispatchRun } from '@/lib/demo/backdate';
import { reportFollowUpCalls } from '@/lib/demo/calls';
import { reportQrUse } from '@/lib/demo/qr';
import { plannedFeedback, reportFeedback, sentMessagesOf, type EngagementRates } from '@/lib/demo/engagement';
import { rng } from '@/lib/demo/random';

const DAY = 86_400_000;

/** One demo campaign: what it sends to whom, when it started, where it stands now and how people responded. */
export interface DemoCampaignPlan {
  name: string;
  description?: string;
  segmentId: string;
  templateId?: string;
  flowId?: string;
  /** Days before today (in the campaign's zone) it started at 09:00; a negative number is a future start (a draft). */
  startDaysAgo: number;
  /** Left as a draft, never activated. */
  draft?: boolean;
  /** Paused this many days ago, after its first emails went out. */
  pausedDaysAgo?: number;
  engagement?: EngagementRates;
  /** Share of delivered recipients a calling integration followed up by phone. */
  calls?: number;
  /** Activated to start at once and left to the app's own worker (texts and calls go to the configured provider). */
  live?: boolean;
}

/** 09:00 in `timeZone` on the day `daysAgo` days before `now`'s day there, as a date, a time and an instant. */
export function startOf(daysAgo: number, timeZone: string, now: Date) {
  const today = Math.floor(utcToWallClock(now.getTime(), timeZone) / DAY) * DAY;
  const day = today - daysAgo * DAY;
  const at = new Date(wallClockToUtc(day + 9 * 3_600_000, timeZone));
  return { startDate: new Date(day).toISOString().slice(0, 10), startTimeOfDay: '09:00', at };
}

/**
 * Makes one demo campaign the way a user's would be made: a draft through the API's own checks, activated (the segment
 * frozen into recipients), dispatched to the local sink, answered by webhook feedback, QR scans and redemptions and
 * follow-up calls, paused where the plan says. Dispatch runs now and is then moved back to the campaign's start,
 * before the outbox ships, so every screen reads one history. Returns the campaign id.
 */
export async function makeDemoCampaign(actor: Actor, plan: DemoCampaignPlan, seed: number, now = new Date()): Promise<string> {
  const timeZone = 'Europe/London';
  const start = plan.live ? { startDate: new Date(now.getTime() - DAY).toISOString().slice(0, 10), startTimeOfDay: '09:00', at: now } : startOf(plan.startDaysAgo, timeZone, now);
  const input = parseWith(draftCampaignSchema, {
    name: plan.name,
    description: plan.description,
    segmentId: plan.segmentId,
    templateId: plan.templateId,
    flowId: plan.flowId,
    startDate: start.startDate,
    startTimeOfDay: start.startTimeOfDay,
    timeZone,
  });
  const { campaign } = await createCampaign(actor, input);
  if (plan.draft) return campaign.id;
  if (plan.live) {
    // A start earlier today means as soon as the app runs; its worker sends from there.
    await activateCampaign(actor, campaign.id, now);
    return campaign.id;
  }

  // Activated a quarter of an hour before its start; its first step falls due at the start.
  await activateCampaign(actor, campaign.id, new Date(start.at.getTime() - 15 * 60_000));
  const ranAt = new Date();
  await dispatchCampaign(campaign.id, { transport: createSinkTransport(), maxMs: 5 * 60_000 });
  await backdateDispatchRun(campaign.id, ranAt, start.at.getTime() - ranAt.getTime());

  const rand = rng(seed);
  const until = plan.pausedDaysAgo !== undefined ? new Date(now.getTime() - plan.pausedDaysAgo * DAY) : now;
  const sent = await sentMessagesOf(campaign.id);
  const contactOf = new Map(sent.map((m) => [m.id, m.contactId]));
  const { items, delivered } = plannedFeedback(sent, plan.engagement ?? NO_ENGAGEMENT, rand, new Date(now.getTime() - 60_000));
  await reportFeedback(items);
  const opens = items.filter((i) => i.feedback.type === 'opened').map((i) => ({ contactId: contactOf.get(i.messageId)!, at: i.feedback.at }));
  await reportQrUse(actor.workspaceId, campaign.id, opens, rand, new Date(now.getTime() - 60_000));
  if (plan.calls) await reportFollowUpCalls(actor, campaign.id, delivered, plan.calls, rand, new Date(now.getTime() - 60_000));
  if (plan.pausedDaysAgo !== undefined) await pauseCampaign(actor, campaign.id, until);
  return campaign.id;
}

const NO_ENGAGEMENT: EngagementRates = { bounced: 0, opened: 0, clicked: 0, unsubscribed: 0, complained: 0 };

/** Ships every waiting analytics event to ClickHouse, as the background flusher would. */
export async function flushDemoEvents(): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const r = await flushOutbox({ budgetMs: 30_000 });
    if (r.error) throw new Error(`Could not ship the demo's analytics events to ClickHouse: ${r.error}`);
    if ((await outboxBacklog()).backlog === 0) return;
  }
  throw new Error('The demo outbox did not drain');
}
