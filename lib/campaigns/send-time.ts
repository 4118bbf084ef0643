/**
 * The suggested send time (seed 001): the hour of week, in recipients' own time zones, when the segment's contacts
 * opened and clicked most over a recent window. Too few engaged contacts in the segment: the workspace's engagement;
 * too few there as well: a stated default slot.
 */
import { z } from 'zod';
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { segmentWhereFor, type CompiledSegment } from '@/lib/segments/compile';
import { getSegment } from '@/lib/segments/service';
import { timeZoneSchema } from '@/lib/campaigns/schema';
import { utcToWallClock } from '@/lib/campaigns/zoned-time';
import { engagedContactHours, engagementByLocalHour, HOURS_PER_WEEK, type HourOfWeekEngagement } from '@/lib/campaigns/engagement-hours';

/** Fewer distinct engaged contacts than this is too small a sample to pick an hour from. */
export const MIN_SAMPLE_CONTACTS = 30;

/** How far back engagement counts: recent enough to reflect habits, long enough to cover every hour of the week. */
export const ENGAGEMENT_WINDOW_DAYS = 90;

/** The slot suggested when neither the segment nor the workspace has enough engagement: Tuesday 10:00. */
export const DEFAULT_SLOT = { dayOfWeek: 2, hour: 10 } as const;

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const DAY_MS = 86_400_000;

export const sendTimeQuerySchema = z.object({
  segmentId: z.uuid('Choose a segment'),
  /** The zone the suggested start date is given in (the campaign's); the workspace's when absent. */
  timeZone: timeZoneSchema.optional(),
});

export type SendTimeQuery = z.infer<typeof sendTimeQuerySchema>;

export type SendTimeBasis = 'segment' | 'workspace' | 'default';

export interface SendTimeSuggestion {
  basis: SendTimeBasis;
  /** Why this basis, in a sentence for the builder. */
  reason: string;
  slot: {
    /** ISO weekday, 1 = Monday. */
    dayOfWeek: number;
    dayName: (typeof DAY_NAMES)[number];
    hour: number;
    /** 'HH:MM', for the builder's time field. */
    timeOfDay: string;
    /** The next date with that weekday whose slot is still ahead, in `timeZone`. */
    nextStartDate: string;
    timeZone: string;
  };
  /** Engaged contacts and their opens and clicks behind the suggestion (zero for the default). */
  sample: { contacts: number; events: number };
  /** What the segment alone had, so the builder can say why it fell back. */
  segmentSample: { contacts: number; events: number };
  minimumContacts: number;
  windowDays: number;
  /** Opens and clicks of the basis by local hour of week (168 rows; all zero for the default). */
  byHourOfWeek: { dayOfWeek: number; hour: number; events: number }[];
}

/** The busiest hour of week by opens and clicks; ties go to more contacts, then to the earlier hour. */
export function busiestHourOfWeek(engagement: Pick<HourOfWeekEngagement, 'events' | 'contacts'>): number {
  let best = 0;
  for (let h = 1; h < HOURS_PER_WEEK; h++) {
    const [e, c] = [engagement.events[h], engagement.contacts[h]];
    if (e > engagement.events[best] || (e === engagement.events[best] && c > engagement.contacts[best])) best = h;
  }
  return best;
}

/** The next calendar date in `timeZone` falling on ISO weekday `dayOfWeek` whose `hour` has not yet passed at `now`. */
export function nextDateFor(dayOfWeek: number, hour: number, timeZone: string, now: Date): string {
  const wall = utcToWallClock(now.getTime(), timeZone);
  const today = new Date(wall);
  const isoToday = ((today.getUTCDay() + 6) % 7) + 1;
  let ahead = (dayOfWeek - isoToday + 7) % 7;
  if (ahead === 0 && today.getUTCHours() >= hour) ahead = 7;
  return new Date(wall + ahead * DAY_MS).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every contact of the workspace, as an audience WHERE shaped like a compiled segment. */
const wholeWorkspace = (workspaceId: string): CompiledSegment => ({ where: 'TRUE', params: [workspaceId] });

const sampleOf = (e: HourOfWeekEngagement) => ({ contacts: e.totalContacts, events: e.totalEvents });

/** Suggests when to send a campaign to a segment; a segment of another workspace is a 404. */
export async function suggestSendTime(workspaceId: string, query: SendTimeQuery | Record<string, unknown>, now = new Date()): Promise<SendTimeSuggestion> {
  const input = parseWith(sendTimeQuerySchema, query);
  const [segment, workspace] = await Promise.all([
    getSegment(workspaceId, input.segmentId),
    db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } }),
  ]);
  if (!workspace) throw notFound('Workspace');
  const timeZone = input.timeZone ?? workspace.timeZone;
  const audience = await segmentWhereFor(workspaceId, segment.criteria, now);
  // One ClickHouse read serves both the segment and the workspace fallback.
  const hours = await engagedContactHours(workspaceId, new Date(now.getTime() - ENGAGEMENT_WINDOW_DAYS * DAY_MS));
  const ofSegment = await engagementByLocalHour(audience, hours, timeZone, now);
  const ofWorkspace = ofSegment.totalContacts >= MIN_SAMPLE_CONTACTS ? null : await engagementByLocalHour(wholeWorkspace(workspaceId), hours, timeZone, now);

  const enough = `at least ${MIN_SAMPLE_CONTACTS} engaged contacts in the last ${ENGAGEMENT_WINDOW_DAYS} days`;
  const segmentCount = `${ofSegment.totalContacts} of the segment's contacts`;
  let basis: SendTimeBasis;
  let reason: string;
  let chosen: HourOfWeekEngagement | null;
  if (!ofWorkspace) {
    [basis, chosen] = ['segment', ofSegment];
    reason = `Based on when ${ofSegment.totalContacts} of the segment's contacts opened or clicked in the last ${ENGAGEMENT_WINDOW_DAYS} days, in their own time zones.`;
  } else if (ofWorkspace.totalContacts >= MIN_SAMPLE_CONTACTS) {
    [basis, chosen] = ['workspace', ofWorkspace];
    reason = `Only ${segmentCount} engaged recently (a suggestion needs ${enough}), so this uses the whole workspace: ${ofWorkspace.totalContacts} contacts.`;
  } else {
    [basis, chosen] = ['default', null];
    reason = `Not enough engagement yet: a suggestion needs ${enough}, and the workspace has ${ofWorkspace.totalContacts}. Falling back to ${DAY_NAMES[DEFAULT_SLOT.dayOfWeek - 1]} ${pad(DEFAULT_SLOT.hour)}:00 in the campaign's time zone.`;
  }

  const slotHour = chosen ? busiestHourOfWeek(chosen) : (DEFAULT_SLOT.dayOfWeek - 1) * 24 + DEFAULT_SLOT.hour;
  const dayOfWeek = Math.floor(slotHour / 24) + 1;
  const hour = slotHour % 24;
  return {
    basis,
    reason,
    slot: {
      dayOfWeek,
      dayName: DAY_NAMES[dayOfWeek - 1],
      hour,
      timeOfDay: `${pad(hour)}:00`,
      nextStartDate: nextDateFor(dayOfWeek, hour, timeZone, now),
      timeZone,
    },
    sample: chosen ? sampleOf(chosen) : { contacts: 0, events: 0 },
    segmentSample: sampleOf(ofSegment),
    minimumContacts: MIN_SAMPLE_CONTACTS,
    windowDays: ENGAGEMENT_WINDOW_DAYS,
    byHourOfWeek: Array.from({ length: HOURS_PER_WEEK }, (_, h) => ({ dayOfWeek: Math.floor(h / 24) + 1, hour: h % 24, events: chosen?.events[h] ?? 0 })),
  };
}
