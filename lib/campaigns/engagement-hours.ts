/**
 * Opens and clicks by hour of week, set-based across both stores: ClickHouse aggregates the workspace's engagement
 * per contact and UTC hour of week over a recent window (one row per engaged contact and hour, never per event);
 * PostgreSQL joins those rows to the contacts a WHERE picks and groups them by time zone and hour, so only
 * (zone × 168) rows come back to JS, where each zone's hours are shifted onto local time.
 */
import { db } from '@/lib/db';
import { queryRows } from '@/lib/clickhouse';
import { formatClickHouseDateTime64 } from '@/lib/analytics/events';
import type { CompiledSegment } from '@/lib/segments/compile';
import { zoneOffsetMs } from '@/lib/campaigns/zoned-time';
import { canonicalTimeZone } from '@/lib/time-zones';

export const HOURS_PER_WEEK = 168;

/** The engagement events that say "this person reads mail at this hour". */
export const ENGAGEMENT_EVENT_TYPES = ['message_opened', 'message_clicked'] as const;

/** Engaged contacts' hours in UTC, as parallel arrays ready to bind as PostgreSQL arrays. */
export interface ContactHours {
  contactIds: string[];
  /** 0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00 UTC. */
  hours: number[];
  events: number[];
}

/** Engagement of one audience by local hour of week, and how many distinct contacts it comes from. */
export interface HourOfWeekEngagement {
  /** 168 counts, index 0 = Monday 00:00 local time. */
  events: number[];
  /** 168 counts of distinct contacts engaging in each hour. */
  contacts: number[];
  totalEvents: number;
  totalContacts: number;
}

/** Opens and clicks of the workspace per contact and UTC hour of week since `since` (contact ids that are not UUIDs cannot be contacts and are skipped). */
export async function engagedContactHours(workspaceId: string, since: Date): Promise<ContactHours> {
  // occurred_at holds UTC wall time (see lib/analytics/events.ts), so toHour/toDayOfWeek read UTC.
  const rows = await queryRows<{ contact: string; how: number; n: number }>(
    `SELECT toString(toUUIDOrNull(contact_id)) AS contact,
            toUInt16((toDayOfWeek(occurred_at) - 1) * 24 + toHour(occurred_at)) AS how,
            toUInt32(count()) AS n
       FROM analytics_events
      WHERE tenant_id = {tenant:String}
        AND event_type IN ({types:Array(String)})
        AND occurred_at >= {since:DateTime64(3)}
        AND toUUIDOrNull(contact_id) IS NOT NULL
      GROUP BY contact, how`,
    { tenant: workspaceId, types: [...ENGAGEMENT_EVENT_TYPES], since: formatClickHouseDateTime64(since) },
  );
  const out: ContactHours = { contactIds: new Array(rows.length), hours: new Array(rows.length), events: new Array(rows.length) };
  rows.forEach((r, i) => {
    out.contactIds[i] = r.contact;
    out.hours[i] = Number(r.how);
    out.events[i] = Number(r.n);
  });
  return out;
}

/**
 * Narrows engaged contact hours to the contacts `audience` matches (a WHERE over `contacts c` whose first parameter
 * is the workspace) and folds them onto local hours of week. Contacts without a valid zone count in `fallbackZone`.
 * Each zone is shifted by its UTC offset at `now`: engagement from before a daylight-saving change inside the window
 * lands one hour off, which keeps this to one offset per zone instead of a row per event.
 */
export async function engagementByLocalHour(audience: CompiledSegment, hours: ContactHours, fallbackZone: string, now: Date): Promise<HourOfWeekEngagement> {
  const result: HourOfWeekEngagement = { events: new Array(HOURS_PER_WEEK).fill(0), contacts: new Array(HOURS_PER_WEEK).fill(0), totalEvents: 0, totalContacts: 0 };
  if (hours.contactIds.length === 0) return result;
  const n = audience.params.length;
  const rows = await db.$queryRawUnsafe<{ zone: string | null; how: number | null; events: number; contacts: number; total: boolean }[]>(
    `SELECT NULLIF(c.time_zone, '') AS zone, e.how, sum(e.n)::int AS events, count(DISTINCT c.id)::int AS contacts,
            GROUPING(c.time_zone, e.how) = 3 AS total
       FROM unnest($${n + 1}::uuid[], $${n + 2}::int[], $${n + 3}::int[]) AS e(contact_id, how, n)
       JOIN contacts c ON c.id = e.contact_id
      WHERE c.workspace_id = $1::uuid AND (${audience.where})
      GROUP BY GROUPING SETS ((c.time_zone, e.how), ())`,
    ...audience.params,
    hours.contactIds,
    hours.hours,
    hours.events,
  );
  const offsets = new Map<string, number>();
  const offsetHoursOf = (zone: string) => {
    let offset = offsets.get(zone);
    if (offset === undefined) offsets.set(zone, (offset = Math.floor(zoneOffsetMs(zone, now.getTime()) / 3_600_000)));
    return offset;
  };
  for (const r of rows) {
    if (r.total) {
      result.totalEvents = Number(r.events);
      result.totalContacts = Number(r.contacts);
      continue;
    }
    const zone = (r.zone && canonicalTimeZone(r.zone)) || fallbackZone;
    const local = (((Number(r.how) + offsetHoursOf(zone)) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
    result.events[local] += Number(r.events);
    // A contact has one zone, and one zone maps distinct UTC hours to distinct local ones, so these sums stay distinct counts.
    result.contacts[local] += Number(r.contacts);
  }
  return result;
}
