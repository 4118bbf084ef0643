/**
 * The overview's period figures answered on the server (lib/analytics/prefetch.ts): each answer sits under the key
 * the browser's query asks with, and is exactly what the API sends for the same params; a question the API would
 * refuse, or one that fails, is left for the browser to ask.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureClickHouse } from '@/lib/clickhouse';
import type { Actor } from '@/lib/auth/context';
import { pageQuestion, prefetchAnswers } from '@/lib/analytics/prefetch';
import { analyticsQueryKey, campaignRange, campaignStatsKey, campaignSummaryKey, overviewPeriodParams, rangeParamsOf, templatesReportParams, toQuery, trafficReportParams } from '@/lib/analytics/query-key';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { campaignStats, statsQuerySchema } from '@/lib/analytics/campaign-stats';
import { funnelQuestion } from '@/lib/analytics/queries/funnel';
import { overviewQuestion } from '@/lib/analytics/queries/overview';
import { campaignsQuestion } from '@/lib/analytics/queries/campaigns';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';
import { call, campaign, evs, insertEvents, tenant } from './helpers';

const routes = {
  overview: (await import('@/app/api/v1/analytics/overview/route')).GET,
  campaigns: (await import('@/app/api/v1/analytics/campaigns/route')).GET,
  traffic: (await import('@/app/api/v1/analytics/traffic/route')).GET,
  funnel: (await import('@/app/api/v1/analytics/funnel/route')).GET,
  summary: (await import('@/app/api/campaigns/[id]/summary/route')).GET,
  stats: (await import('@/app/api/campaigns/[id]/stats/route')).GET,
};

let A: Awaited<ReturnType<typeof tenant>>;
let viewer: Actor;
let campaignId: string;

beforeAll(async () => {
  await ensureClickHouse();
  A = await tenant();
  viewer = { workspaceId: A.workspaceId, role: 'viewer', userId: A.members.viewer.id, via: 'session' };
  const c = await campaign(A.workspaceId, { name: 'Spring sale', activatedAt: new Date(Date.UTC(2026, 2, 2, 8)), targetedCount: 40 });
  campaignId = c.id;
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour, 30));
  await insertEvents([
    ...evs(40, A.workspaceId, 'message_sent', at(3, 9), { campaignId: c.id }),
    ...evs(30, A.workspaceId, 'message_delivered', at(3, 9), { campaignId: c.id }),
    ...evs(12, A.workspaceId, 'message_opened', at(4, 18), { campaignId: c.id }),
    ...evs(7, A.workspaceId, 'message_sent', at(5, 23), { channel: 'sms' }),
    ...evs(5, A.workspaceId, 'message_sent', at(25, 8)), // the previous period
  ]);
});

describe('the overview period answered on the server', () => {
  const address: Record<string, string> = { startDate: '2026-03-02', endDate: '2026-03-08' };
  const params = overviewPeriodParams((k) => address[k], 'Asia/Kolkata');

  it('holds, under the browser’s keys, what the API answers for the same params', async () => {
    const state = await prefetchAnswers(viewer, [
      pageQuestion(overviewQuestion, params.overview),
      pageQuestion(campaignsQuestion, params.campaigns),
      pageQuestion(trafficQuestion, params.traffic!),
    ]);
    expect(state.queries).toHaveLength(3);
    for (const [name, p] of [['overview', params.overview], ['campaigns', params.campaigns], ['traffic', params.traffic!]] as const) {
      const cached = state.queries.find((q) => JSON.stringify(q.queryKey) === JSON.stringify(analyticsQueryKey(name, p)));
      expect(cached, name).toBeDefined();
      expect(cached!.state.status).toBe('success');
      const api = await call(routes[name], A.keys.viewer, `/api/v1/analytics/${name}?${toQuery(p)}`);
      expect(api.status).toBe(200);
      expect(cached!.state.data, name).toEqual(api.body.data);
    }
    const overview = state.queries.find((q) => q.queryKey[1] === 'overview')!.state.data as { summary: { totalMessagesSent: number } };
    expect(overview.summary.totalMessagesSent).toBe(47);
    const campaigns = state.queries.find((q) => q.queryKey[1] === 'campaigns')!.state.data as { topCampaigns: { name: string | null; sent: number }[] };
    expect(campaigns.topCampaigns[0]).toMatchObject({ name: 'Spring sale', sent: 40 });
  });

  it('leaves out params the API refuses, questions without a route, and answers that fail, and still answers the rest', async () => {
    const state = await prefetchAnswers(viewer, [
      pageQuestion(overviewQuestion, { timeRange: '5y' }),
      pageQuestion({ ...overviewQuestion, name: 'not-a-route' }, params.overview),
      pageQuestion({ ...campaignsQuestion, run: () => Promise.reject(new Error('ClickHouse went away')) }, params.campaigns),
      pageQuestion(overviewQuestion, params.overview),
    ]);
    expect(state.queries.map((q) => q.queryKey)).toEqual([analyticsQueryKey('overview', params.overview)]);
  });

  it('reads the range from the address the way the browser does', () => {
    const from = (q: Record<string, string>) => rangeParamsOf((k) => q[k], '7d');
    expect(from({})).toEqual({ timeRange: '7d' });
    expect(from({ timeRange: '30d' })).toEqual({ timeRange: '30d' });
    expect(from({ timeRange: '30d', startDate: '2026-03-02', endDate: '2026-03-08' })).toEqual({ startDate: '2026-03-02', endDate: '2026-03-08' });
    expect(from({ startDate: '2026-03-02' })).toEqual({ timeRange: '7d' });
    expect(overviewPeriodParams(() => null, 'Europe/Paris')).toEqual({
      range: { timeRange: '7d' }, overview: { timeRange: '7d' }, campaigns: { timeRange: '7d', limit: 8 }, traffic: { timeRange: '7d', tz: 'Europe/Paris' },
    });
    const traffic = (q: Record<string, string>) => trafficReportParams((k) => q[k], 'Europe/Paris');
    expect(traffic({})).toEqual({ timeRange: '7d', tz: 'Europe/Paris', granularity: 'hour' });
    expect(traffic({ tz: 'Asia/Tokyo', granularity: 'day', timeRange: '30d' })).toEqual({ timeRange: '30d', tz: 'Asia/Tokyo', granularity: 'day' });
    expect(templatesReportParams(() => undefined)).toEqual({ timeRange: '30d', minVolume: '100' });
    expect(toQuery({ b: 2, a: 'x', c: undefined, d: '' })).toBe('a=x&b=2');
  });
});

describe('a campaign dashboard answered on the server', () => {
  it('holds its summary, stats and funnel as their routes answer them', async () => {
    const c = { activatedAt: new Date(Date.UTC(2026, 2, 2, 8)), createdAt: new Date(Date.UTC(2026, 2, 1)) };
    const life = { campaignId, ...campaignRange(c) };
    const state = await prefetchAnswers(viewer, [
      { key: campaignSummaryKey(campaignId, 'active'), route: '/api/campaigns/[id]/summary', answer: async (ws) => ({ data: await campaignSummary(ws, campaignId) }) },
      { key: campaignStatsKey(campaignId), route: '/api/campaigns/[id]/stats', answer: async (ws) => ({ data: await campaignStats(ws, campaignId, statsQuerySchema.parse({})) }) },
      pageQuestion(funnelQuestion, life),
    ]);
    const data = (key: readonly unknown[]) => state.queries.find((q) => JSON.stringify(q.queryKey) === JSON.stringify(key))?.state.data as Record<string, unknown> | undefined;
    const summary = await call(routes.summary, A.keys.viewer, `/api/campaigns/${campaignId}/summary`, { params: { id: campaignId } });
    // The summary's rates run against the clock; the counts and the campaign must be the route's.
    expect(data(campaignSummaryKey(campaignId, 'active'))).toMatchObject({ campaign: summary.body.campaign, targeted: summary.body.targeted, sent: summary.body.sent });
    const stats = await call(routes.stats, A.keys.viewer, `/api/campaigns/${campaignId}/stats`, { params: { id: campaignId } });
    // The route's read comes second, from the cache the server render filled.
    expect(stats.body.cached).toBe(true);
    expect({ ...data(campaignStatsKey(campaignId)), cached: true }).toEqual(stats.body);
    const funnel = await call(routes.funnel, A.keys.viewer, `/api/v1/analytics/funnel?${toQuery(life)}`);
    expect(data(analyticsQueryKey('funnel', life))).toEqual(funnel.body.data);
  });

  it('covers the campaign’s life, at most the two years analytics keep', () => {
    const now = Date.UTC(2026, 11, 6, 12);
    expect(campaignRange({ activatedAt: '2026-11-30T08:00:00Z', createdAt: '2026-11-01T00:00:00Z' }, now)).toEqual({ startDate: '2026-11-30', endDate: '2026-12-06' });
    expect(campaignRange({ activatedAt: null, createdAt: new Date('2026-11-01T00:00:00Z') }, now)).toEqual({ startDate: '2026-11-01', endDate: '2026-12-06' });
    expect(campaignRange({ activatedAt: '2020-01-01T00:00:00Z', createdAt: null }, now)).toEqual({ startDate: '2024-12-06', endDate: '2026-12-06' });
  });
});
