/**
 * Bad parameters are 400s with field errors (never 500s), callers need a key or session, and the range rules
 * (presets, custom bounds, zones, previous period) and the choice of table hold.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ensureClickHouse } from '@/lib/clickhouse';
import { presetRange, previousRange, rangedSchema } from '@/lib/analytics/range';
import { sourceKind } from '@/lib/analytics/source';
import { bucketStarts } from '@/lib/analytics/buckets';
import { csvCell } from '@/lib/csv';
import { call, tenant } from './helpers';

vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => null }));

const names = ['overview', 'messages', 'campaigns', 'workflows', 'sequences', 'templates', 'traffic', 'funnel', 'intents'] as const;
const routes = Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await import(`@/app/api/v1/analytics/${n}/route`)).GET]))) as Record<(typeof names)[number], Parameters<typeof call>[0]>;

let T: Awaited<ReturnType<typeof tenant>>;
beforeAll(async () => {
  await ensureClickHouse();
  T = await tenant();
});

const get = (name: (typeof names)[number], query: string, key = T.keys.viewer) => call(routes[name], key, `/api/v1/analytics/${name}?${query}`);

describe('range parameters', () => {
  const cases: [string, string, string][] = [
    ['unknown timeRange', 'timeRange=2d', 'timeRange'],
    ['malformed startDate', 'startDate=yesterday&endDate=2026-03-01', 'startDate'],
    ['start after end', 'startDate=2026-03-05&endDate=2026-03-01', 'startDate'],
    ['start equal to end (date-times)', 'startDate=2026-03-05T10:00:00Z&endDate=2026-03-05T10:00:00Z', 'startDate'],
    ['only a start', 'startDate=2026-03-01', 'endDate'],
    ['only an end', 'endDate=2026-03-01', 'startDate'],
    ['over two years', 'startDate=2024-01-01&endDate=2026-03-01', 'endDate'],
    ['an impossible date', 'startDate=2026-02-30&endDate=2026-03-01', 'startDate'],
    ['a date-time without an offset', 'startDate=2026-02-01T10:00:00&endDate=2026-03-01', 'startDate'],
    ['beyond ClickHouse dates', 'startDate=9999-01-01&endDate=9999-01-02', 'endDate'],
    ['before 1970', 'startDate=1969-12-31&endDate=1970-01-02', 'startDate'],
  ];
  it.each(cases)('%s is a 400 naming the field on every question', async (_, query, field) => {
    for (const name of names) {
      const res = await get(name, query);
      expect(res.status, name).toBe(400);
      expect(res.body.fieldErrors[field], `${name} ${field}`).toBeDefined();
    }
  });

  it('accepts exactly two years and every preset', async () => {
    expect((await get('overview', 'startDate=2024-03-01&endDate=2026-02-28')).status).toBe(200);
    for (const p of ['1d', '7d', '30d', '90d']) expect((await get('overview', `timeRange=${p}`)).status).toBe(200);
  });
});

describe('question parameters', () => {
  const cases: [(typeof names)[number], string, string][] = [
    ['messages', 'channel=fax', 'channel'],
    ['messages', 'granularity=minute', 'granularity'],
    ['messages', 'granularity=hour&startDate=2025-01-01&endDate=2025-12-31', 'granularity'],
    ['traffic', 'tz=Mars/Olympus', 'tz'],
    ['traffic', 'tz=%2B01:00', 'tz'],
    ['traffic', 'granularity=month', 'granularity'],
    ['templates', 'minVolume=-1', 'minVolume'],
    ['templates', 'minVolume=ten', 'minVolume'],
    ['templates', 'templateId=nope', 'templateId'],
    ['campaigns', 'campaignId=123', 'campaignId'],
    ['campaigns', 'limit=0', 'limit'],
    ['funnel', 'campaignId=x', 'campaignId'],
    ['workflows', 'workflowId=x', 'workflowId'],
    ['sequences', 'sequenceId=x', 'sequenceId'],
    ['overview', 'format=xml', 'format'],
    ['overview', 'format=csv&table=nope', 'table'],
  ];
  it.each(cases)('%s?%s is a 400 on %s', async (name, query, field) => {
    const res = await get(name, query);
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors[field]).toBeDefined();
  });

  it('is a 404 for a well-formed id that names nothing in the workspace', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await get('funnel', `campaignId=${id}`)).status).toBe(404);
    expect((await get('templates', `templateId=${id}`)).status).toBe(404);
  });
});

describe('callers', () => {
  it('needs a key or a session, and lets every role read', async () => {
    const res = await call(routes.overview, '', '/api/v1/analytics/overview');
    expect(res.status).toBe(401);
    for (const role of ['admin', 'campaign_manager', 'viewer'] as const) expect((await get('intents', '', T.keys[role])).status).toBe(200);
  });

  it('answers an empty workspace with zeros, full series and the envelope', async () => {
    const { body } = await get('overview', 'timeRange=7d');
    expect(body.success).toBe(true);
    expect(body.data.summary.totalMessagesSent).toBe(0);
    expect(body.data.trend).toHaveLength(7);
    expect(body.data.change.totalMessagesSent).toBeNull();
    const traffic = await get('traffic', '');
    expect(traffic.body.data.peakHours).toHaveLength(24);
    expect(traffic.body.data.busiestHour).toBeNull();
  });
});

describe('range rules', () => {
  const now = new Date('2026-03-10T15:42:00Z');
  it('makes 1d the last 24 whole hours and Nd the last N days, today included', () => {
    expect(presetRange('1d', now)).toMatchObject({ start: new Date('2026-03-09T16:00:00Z'), end: new Date('2026-03-10T16:00:00Z') });
    expect(presetRange('7d', now)).toMatchObject({ start: new Date('2026-03-04T00:00:00Z'), end: new Date('2026-03-11T00:00:00Z') });
    // Paris is on UTC+1 until 29 March 2026.
    expect(presetRange('30d', now, 'Europe/Paris')).toMatchObject({ start: new Date('2026-02-08T23:00:00Z'), end: new Date('2026-03-10T23:00:00Z') });
    const r = presetRange('7d', now);
    expect(previousRange(r)).toMatchObject({ start: new Date('2026-02-25T00:00:00Z'), end: new Date('2026-03-04T00:00:00Z') });
  });

  it('picks the daily rollup for whole days, hourly for hours, raw for half-hour zones', () => {
    const schema = rangedSchema('7d', {}, { timeZone: true, now: () => now });
    const parse = (q: Record<string, string>) => z.parse(schema, q).range;
    expect(sourceKind(parse({ timeRange: '7d' }))).toBe('daily');
    expect(sourceKind(parse({ timeRange: '7d' }), { granularity: 'hour' })).toBe('hourly');
    expect(sourceKind(parse({ timeRange: '1d' }))).toBe('hourly');
    expect(sourceKind(parse({ timeRange: '7d', tz: 'America/New_York' }), { localTime: true })).toBe('hourly');
    expect(sourceKind(parse({ timeRange: '7d', tz: 'Asia/Kolkata' }), { localTime: true })).toBe('raw');
    expect(sourceKind(parse({ timeRange: '7d' }), { raw: true })).toBe('raw');
  });

  it('fills buckets across a DST change in the zone', () => {
    // Paris springs forward on 29 March 2026: that day has 23 hours.
    const r = { preset: 'custom' as const, start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T22:00:00Z'), timeZone: 'Europe/Paris' };
    expect(bucketStarts(r, 'hour', 'Europe/Paris')).toHaveLength(23);
    expect(bucketStarts(r, 'day', 'Europe/Paris').map((t) => new Date(t).toISOString())).toEqual(['2026-03-28T23:00:00.000Z']);
  });

  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });
});
