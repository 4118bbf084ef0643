import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ensureClickHouse } from '@/lib/clickhouse';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import { DEFAULT_SLOT, ENGAGEMENT_WINDOW_DAYS, MIN_SAMPLE_CONTACTS, nextDateFor, suggestSendTime } from '@/lib/campaigns/send-time';
import * as route from '@/app/api/campaigns/send-time/route';
import { ev, insertEvents } from '../analytics-api/helpers';
import { call, tagged, tenant } from './helpers';

// A Wednesday in summer: London is on BST (+1), New York on EDT (−4), Tokyo has no DST (+9); every event below
// falls after the spring changes, so each zone's offset is the same across them.
const NOW = new Date('2026-06-10T12:00:00Z');
const hourOfWeek = (isoDay: number, hour: number) => (isoDay - 1) * 24 + hour;

/** Contacts of the workspace tagged `tag` in `timeZone`; their ids. */
async function contactsIn(workspaceId: string, n: number, tag: string, timeZone: string | null): Promise<string[]> {
  const emails = Array.from({ length: n }, () => `${randomUUID().slice(0, 12)}@example.test`);
  await db.contact.createMany({ data: emails.map((email) => ({ workspaceId, email, tags: [tag], timeZone, marketingOptIn: true })) });
  const rows = await db.contact.findMany({ where: { workspaceId, email: { in: emails } }, select: { id: true } });
  return rows.map((r) => r.id);
}

const engage = (tenantId: string, contactIds: string[], type: AnalyticsEventInput['eventType'], at: string) =>
  contactIds.map((contactId) => ev(tenantId, type, at, { contactId }));

const segmentFor = (workspaceId: string, tag: string) =>
  db.segment.create({ data: { workspaceId, name: `tag ${tag}`, criteria: tagged(tag) as Prisma.InputJsonValue } });

const suggest = (key: string, query: string) => call(route.GET, key, { path: `/api/campaigns/send-time?${query}` });

beforeAll(async () => {
  await ensureClickHouse();
});

describe('suggested send time', () => {
  it('picks the busiest local hour of week of the segment, shifting each contact by their own zone', async () => {
    const t = await tenant('campaign_manager', 'Europe/London');
    const ws = t.workspace.id;
    const tokyo = await contactsIn(ws, 20, 'camp', 'Asia/Tokyo');
    const newYork = await contactsIn(ws, 15, 'camp', 'America/New_York');
    const london = await contactsIn(ws, 25, 'camp', 'Europe/London');
    const zoneless = await contactsIn(ws, 5, 'camp', null);
    const outside = await contactsIn(ws, 40, 'other', 'Europe/London');
    // Another workspace, busy at London's hour with the same kind of events: never counted here.
    const other = await tenant();
    const theirs = await contactsIn(other.workspace.id, 50, 'camp', 'Europe/London');
    await insertEvents([
      // Thursday 09:00 in Tokyo (00:00 UTC): 20 contacts, each opening and clicking.
      ...engage(ws, tokyo, 'message_opened', '2026-06-04T00:10:00Z'),
      ...engage(ws, tokyo, 'message_clicked', '2026-06-04T00:20:00Z'),
      // Thursday 09:00 in New York (13:00 UTC): 15 more contacts at the same local hour.
      ...engage(ws, newYork, 'message_opened', '2026-06-04T13:30:00Z'),
      // Wednesday 10:00 in London (09:00 UTC): the busiest UTC hour (25 contacts), but not the busiest local one.
      ...engage(ws, london, 'message_opened', '2026-06-03T09:15:00Z'),
      // No zone: counted in the campaign's zone asked for (New York): Friday 04:00 there.
      ...engage(ws, zoneless, 'message_opened', '2026-06-05T08:05:00Z'),
      // Not engagement, out of the window, or not in the segment.
      ...engage(ws, london, 'message_sent', '2026-06-02T15:00:00Z'),
      ...engage(ws, london, 'message_opened', new Date(NOW.getTime() - (ENGAGEMENT_WINDOW_DAYS + 1) * 86_400_000).toISOString()),
      ...engage(ws, outside, 'message_opened', '2026-06-06T11:00:00Z'),
      ...engage(other.workspace.id, theirs, 'message_opened', '2026-06-03T09:15:00Z'),
      ...engage(other.workspace.id, theirs, 'message_clicked', '2026-06-03T09:15:00Z'),
    ]);

    const s = await suggestSendTime(ws, { segmentId: t.segment.id, timeZone: 'America/New_York' }, NOW);
    expect(s.basis).toBe('segment');
    expect(s.slot).toEqual({ dayOfWeek: 4, dayName: 'Thursday', hour: 9, timeOfDay: '09:00', nextStartDate: '2026-06-11', timeZone: 'America/New_York' });
    expect(s.sample).toEqual({ contacts: 20 + 15 + 25 + 5, events: 40 + 15 + 25 + 5 });
    expect(s.segmentSample).toEqual(s.sample);
    const at = (d: number, h: number) => s.byHourOfWeek[hourOfWeek(d, h)];
    expect(at(4, 9)).toEqual({ dayOfWeek: 4, hour: 9, events: 55 });
    expect(at(3, 10).events).toBe(25);
    expect(at(5, 4).events).toBe(5);
    expect(s.byHourOfWeek.reduce((sum, h) => sum + h.events, 0)).toBe(85);
  });

  it('falls back to the workspace when the segment has too few engaged contacts', async () => {
    const t = await tenant('campaign_manager', 'Europe/London');
    const ws = t.workspace.id;
    const few = await contactsIn(ws, 3, 'few', 'Europe/London');
    const many = await contactsIn(ws, MIN_SAMPLE_CONTACTS, 'camp', 'Europe/Paris');
    await insertEvents([
      ...engage(ws, few, 'message_opened', '2026-06-01T07:00:00Z'), // Monday 08:00 London
      ...engage(ws, many, 'message_clicked', '2026-06-06T16:30:00Z'), // Saturday 18:00 Paris
    ]);
    const segment = await segmentFor(ws, 'few');
    const s = await suggestSendTime(ws, { segmentId: segment.id }, NOW);
    expect(s.basis).toBe('workspace');
    expect(s.segmentSample).toEqual({ contacts: 3, events: 3 });
    expect(s.sample).toEqual({ contacts: MIN_SAMPLE_CONTACTS + 3, events: MIN_SAMPLE_CONTACTS + 3 });
    expect(s.slot).toMatchObject({ dayName: 'Saturday', timeOfDay: '18:00', timeZone: 'Europe/London', nextStartDate: '2026-06-13' });
    expect(s.reason).toContain('Only 3');
  });

  it('falls back to the stated default slot in the campaign zone when the workspace has too little engagement', async () => {
    const t = await tenant('campaign_manager', 'Europe/London');
    const s = await suggestSendTime(t.workspace.id, { segmentId: t.segment.id }, NOW);
    expect(s.basis).toBe('default');
    expect(s.slot).toEqual({ dayOfWeek: DEFAULT_SLOT.dayOfWeek, dayName: 'Tuesday', hour: DEFAULT_SLOT.hour, timeOfDay: '10:00', nextStartDate: '2026-06-16', timeZone: 'Europe/London' });
    expect(s.sample).toEqual({ contacts: 0, events: 0 });
    expect(s.byHourOfWeek.every((h) => h.events === 0)).toBe(true);
    expect(s.reason).toMatch(/Not enough engagement/);
  });

  it('gives the next date of the slot that is still ahead in the zone', () => {
    // 2026-06-09 is a Tuesday; 08:00 UTC is 09:00 in London.
    expect(nextDateFor(2, 10, 'Europe/London', new Date('2026-06-09T08:00:00Z'))).toBe('2026-06-09');
    expect(nextDateFor(2, 9, 'Europe/London', new Date('2026-06-09T08:00:00Z'))).toBe('2026-06-16');
    // Late Monday in UTC is already Tuesday in Tokyo.
    expect(nextDateFor(2, 10, 'Asia/Tokyo', new Date('2026-06-08T22:00:00Z'))).toBe('2026-06-09');
  });
});

describe('GET /api/campaigns/send-time', () => {
  it('answers for the caller’s workspace', async () => {
    const t = await tenant('viewer', 'Asia/Tokyo');
    const res = await suggest(t.key, `segmentId=${t.segment.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ basis: 'default', minimumContacts: MIN_SAMPLE_CONTACTS, slot: { timeZone: 'Asia/Tokyo', timeOfDay: '10:00' } });
    expect(res.body.byHourOfWeek).toHaveLength(168);
  });

  it('answers 400 with field errors for bad parameters', async () => {
    const t = await tenant();
    const missing = await suggest(t.key, '');
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.fieldErrors)).toEqual(['segmentId']);
    const bad = await suggest(t.key, `segmentId=nope&timeZone=Mars/Olympus`);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['segmentId', 'timeZone']);
  });

  it('treats another workspace’s segment as not found', async () => {
    const t = await tenant();
    const other = await tenant();
    expect((await suggest(t.key, `segmentId=${other.segment.id}`)).status).toBe(404);
    expect((await suggest(t.key, `segmentId=${randomUUID()}`)).status).toBe(404);
  });
});
