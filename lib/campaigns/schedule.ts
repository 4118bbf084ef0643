/**
 * A campaign's schedule as pure functions: which emails a flow sends, how far apart, and when each is due.
 *
 * Time rules (documented once, here):
 * - The start is `startDate` + `startTimeOfDay` on the wall clock of the zone; non-existent and ambiguous
 *   local times resolve as in `wallClockToUtc` (skipped times move forward by the gap, repeated times take
 *   the first occurrence).
 * - WAIT delays are wall-clock time: "wait 1 day" after a 09:00 send is 09:00 the next day even across a
 *   DST change (the real gap is then 23 or 25 hours).
 * - A start already in the past means "as soon as possible": the first step is due `now`, and the whole
 *   schedule is re-anchored on that real first send, so later steps keep their planned wall-clock spacing
 *   from it (a "wait 3 days" step is due 3 days after `now`, not 3 days after the missed start).
 */
import { conflict } from '@/lib/http/errors';
import { utcToWallClock, wallClockOf, wallClockToUtc } from '@/lib/campaigns/zoned-time';
import type { FlowStepType } from '@/lib/generated/prisma/enums';

export interface FlowStepLike {
  id?: string | null;
  position?: number;
  type: FlowStepType;
  templateId?: string | null;
  waitDays?: number | null;
  waitHours?: number | null;
  abTest?: unknown;
}

/** One email every recipient gets, `offsetMinutes` of wall-clock time after the first. */
export interface SendStep {
  stepIndex: number;
  flowStepId: string | null;
  templateId: string;
  offsetMinutes: number;
  /** The flow step's A/B test, as stored (validated at activation). */
  abTest?: unknown;
}

/** One `campaign_steps` row: a send step in one zone, with its due time. */
export interface ScheduledStep extends SendStep {
  timeZone: string;
  dueAt: Date;
}

export interface CampaignStart {
  startDate: string;
  startTimeOfDay: string;
}

const MINUTE_MS = 60_000;

export const waitMinutes = (step: Pick<FlowStepLike, 'waitDays' | 'waitHours'>) =>
  (step.waitDays ?? 0) * 1440 + (step.waitHours ?? 0) * 60;

/** The emails a flow (or a single template) sends, each offset by the WAIT delays before it; trailing waits do nothing. */
export function computeSendSteps(source: readonly FlowStepLike[] | { templateId: string }): SendStep[] {
  if (!Array.isArray(source)) {
    const single = source as { templateId: string };
    return [{ stepIndex: 0, flowStepId: null, templateId: single.templateId, offsetMinutes: 0 }];
  }
  const ordered = [...(source as readonly FlowStepLike[])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const steps: SendStep[] = [];
  let offset = 0;
  ordered.forEach((step, i) => {
    if (step.type === 'WAIT') {
      offset += waitMinutes(step);
      return;
    }
    if (!step.templateId) throw conflict(`Flow step ${i + 1} sends but has no template`);
    steps.push({ stepIndex: steps.length, flowStepId: step.id ?? null, templateId: step.templateId, offsetMinutes: offset, ...(step.abTest ? { abTest: step.abTest } : {}) });
  });
  return steps;
}

/**
 * When a step `offsetMinutes` after the start is due, in UTC.
 * A start in the past re-anchors on `now` (see the module comment): the first step is due `now` and later
 * steps keep their wall-clock spacing from it; nothing is ever due before `now`.
 */
export function dueAtFor(startDate: string, startTimeOfDay: string, timeZone: string, offsetMinutes: number, now: Date): Date {
  const startWall = wallClockOf(startDate, startTimeOfDay);
  const plannedStart = wallClockToUtc(startWall, timeZone);
  if (plannedStart >= now.getTime()) return new Date(wallClockToUtc(startWall + offsetMinutes * MINUTE_MS, timeZone));
  if (offsetMinutes === 0) return new Date(now.getTime());
  const anchorWall = utcToWallClock(now.getTime(), timeZone);
  return new Date(Math.max(wallClockToUtc(anchorWall + offsetMinutes * MINUTE_MS, timeZone), now.getTime()));
}

/** The `campaign_steps` rows: every send step in every zone the campaign sends in. */
export function scheduleSteps(sendSteps: readonly SendStep[], zones: readonly string[], start: CampaignStart, now: Date): ScheduledStep[] {
  return [...new Set(zones)].flatMap((timeZone) =>
    sendSteps.map((s) => ({ ...s, timeZone, dueAt: dueAtFor(start.startDate, start.startTimeOfDay, timeZone, s.offsetMinutes, now) })),
  );
}

/** The zone each recipient is scheduled in: their own when valid and the campaign sends in recipients' zones, else the campaign's. */
export function scheduleZoneFor(recipientZone: string | null | undefined, campaignZone: string, useRecipientTimeZone: boolean, isValid: (z: string) => boolean): string {
  return useRecipientTimeZone && recipientZone && isValid(recipientZone) ? recipientZone : campaignZone;
}
