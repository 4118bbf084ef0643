/**
 * Every /api/v1/analytics question against chDB data whose answers are known: events are generated here, written
 * to ClickHouse, and each expected number is counted from the same list in TypeScript (tests/analytics-api/reference.ts).
 * A second tenant writes events in the same hours with the first tenant's campaign and template ids: none may count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ensureClickHouse } from '@/lib/clickhouse';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import { call, campaign, insertEvents, template, tenant } from './helpers';
import { campaign as byCampaign, channel, count, counts, localParts, pct, tpl, type, within, type Ev } from './reference';

const routes = {
  overview: (await import('@/app/api/v1/analytics/overview/route')).GET,
  messages: (await import('@/app/api/v1/analytics/messages/route')).GET,
  campaigns: (await import('@/app/api/v1/analytics/campaigns/route')).GET,
  workflows: (await import('@/app/api/v1/analytics/workflows/route')).GET,
  sequences: (await import('@/app/api/v1/analytics/sequences/route')).GET,
  templates: (await import('@/app/api/v1/analytics/templates/route')).GET,
  traffic: (await import('@/app/api/v1/analytics/traffic/route')).GET,
  funnel: (await import('@/app/api/v1/analytics/funnel/route')).GET,
  intents: (await import('@/app/api/v1/analytics/intents/route')).GET,
};

const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
const RANGE = 'startDate=2026-03-02&endDate=2026-03-06'; // [2026-03-02, 2026-03-07)
const inRange = within('2026-03-02T00:00:00Z', '2026-03-07T00:00:00Z');
const inPrevious = within('2026-02-25T00:00:00Z', '2026-03-02T00:00:00Z');

let seq = 0;
function e(tenantId: string, eventType: AnalyticsEventInput['eventType'], when: Date, patch: Partial<AnalyticsEventInput> = {}): Ev {
  return { tenantId, eventType, entityType: 'message', entityId: `m${seq++}`, channel: 'email', sourceType: 'campaign', occurredAt: when.toISOString(), ...patch } as Ev;
}

/** `n` messages with a deterministic life: sent, then delivered / opened / clicked / bounced / complained by index. */
function messages(tenantId: string, n: number, opts: { day0: number; days: number; campaigns: (string | undefined)[]; templates: string[] }): Ev[] {
  const out: Ev[] = [];
  for (let i = 0; i < n; i++) {
    const ch = CHANNELS[i % 3]!;
    const sentAt = new Date(Date.UTC(2026, 2, opts.day0 + (i % opts.days), (i * 7) % 24, (i * 13) % 60));
    const base = { channel: ch, contactId: `contact-${i % 400}`, campaignId: opts.campaigns[Math.floor(i / 2) % opts.campaigns.length], templateId: opts.templates[i % 5 < 2 ? 0 : i % 5 < 4 ? 1 : 2] };
    const later = (min: number) => new Date(sentAt.getTime() + min * 60_000);
    out.push(e(tenantId, 'message_sent', sentAt, base));
    const delivered = i % 10 !== 0;
    if (delivered) out.push(e(tenantId, 'message_delivered', later(1), base));
    else out.push(e(tenantId, 'message_bounced', later(1), base));
    if (delivered && i % 3 === 0 && ch !== 'sms') out.push(e(tenantId, 'message_opened', later(20), base));
    if (delivered && i % 9 === 0 && ch !== 'sms') out.push(e(tenantId, 'message_clicked', later(25), base));
    if (delivered && i % 97 === 1) out.push(e(tenantId, 'message_complained', later(30), base));
  }
  return out;
}

let A: Awaited<ReturnType<typeof tenant>>;
let B: Awaited<ReturnType<typeof tenant>>;
let ids: { c1: string; c2: string; t1: string; t2: string; t3: string; flow: string; idleFlow: string };
let eventsA: Ev[];

beforeAll(async () => {
  await ensureClickHouse();
  [A, B] = await Promise.all([tenant(), tenant()]);
  const [t1, t2, t3] = await Promise.all([template(A.workspaceId, 'Welcome'), template(A.workspaceId, 'Follow-up'), template(A.workspaceId, '=Tips, "weekly"')]);
  const flow = await db.flow.create({
    data: { workspaceId: A.workspaceId, name: 'Onboarding', steps: { create: [{ position: 0, type: 'SEND_EMAIL', templateId: t1.id }, { position: 1, type: 'WAIT', waitDays: 3 }, { position: 2, type: 'SEND_EMAIL', templateId: t2.id }] } },
  });
  const idleFlow = await db.flow.create({ data: { workspaceId: A.workspaceId, name: 'Idle flow' } });
  const c1 = await campaign(A.workspaceId, { name: 'Flow campaign, "onboarding"', status: 'completed', flowId: flow.id });
  const c2 = await campaign(A.workspaceId, { name: 'Spring sale', status: 'active', templateId: t1.id });
  ids = { c1: c1.id, c2: c2.id, t1: t1.id, t2: t2.id, t3: t3.id, flow: flow.id, idleFlow: idleFlow.id };

  const a = A.workspaceId;
  eventsA = [
    // Generic traffic over the range, on a Herald campaign, an integration's own campaign id and none.
    ...messages(a, 1000, { day0: 2, days: 5, campaigns: [c2.id, 'ext-campaign', undefined], templates: [t1.id, t2.id, t3.id] }),
    // The previous period, for `change`.
    ...messages(a, 200, { day0: 26, days: 1, campaigns: [c2.id], templates: [t1.id, t2.id, t3.id] }).map((x) => ({ ...x, occurredAt: new Date(new Date(x.occurredAt).getTime() - 28 * 86_400_000).toISOString() })),
  ];
  // Flow runs of c1: k0..k19 start (step 0) on 3 March, k0..k9 finish (step 1) on 5 March, k15 bounces, k1 and k2 reply.
  // k20..k24 started in February and finish inside the range: not runs of the range.
  for (let k = 0; k < 25; k++) {
    const p = { campaignId: c1.id, contactId: `k${k}`, templateId: t1.id, workflowId: flow.id };
    if (k < 20) eventsA.push(e(a, 'message_sent', new Date(Date.UTC(2026, 2, 3, 9, k)), { ...p, stepIndex: 0 }));
    else eventsA.push(e(a, 'message_sent', new Date(Date.UTC(2026, 1, 20, 9, k)), { ...p, stepIndex: 0 }));
    if (k < 10 || k >= 20) eventsA.push(e(a, 'message_sent', new Date(Date.UTC(2026, 2, 5, 9, k)), { ...p, templateId: t2.id, stepIndex: 1 }));
    if (k === 15) eventsA.push(e(a, 'message_bounced', new Date(Date.UTC(2026, 2, 3, 9, 30)), { ...p, stepIndex: 0 }));
    if (k === 1 || k === 2) eventsA.push(e(a, 'sequence_enrollment_replied', new Date(Date.UTC(2026, 2, 4, 12, k)), { ...p, stepIndex: 0, entityType: 'sequence' }));
  }
  // Calls of c1: a journey funnel and detected intents.
  const voice = (eventType: AnalyticsEventInput['eventType'], label: string, value: number | null, n: number, day: number) => {
    for (let i = 0; i < n; i++) eventsA.push(e(a, eventType, new Date(Date.UTC(2026, 2, day, 14, i % 60)), { channel: 'voice', entityType: 'call', campaignId: c1.id, contactId: `v${i}`, category: eventType === 'funnel_step' ? 'journey' : 'intent', label, value }));
  };
  voice('funnel_step', 'picked_up', 1, 40, 3);
  voice('funnel_step', 'interested', 2, 20, 3);
  voice('funnel_step', 'qualified', 3, 8, 4);
  voice('funnel_step', 'demo_booked', 4, 3, 4);
  voice('funnel_step', 'picked_up', 1, 5, 20); // outside the range
  voice('intent_detected', 'interested', null, 12, 3);
  voice('intent_detected', 'not_interested', null, 6, 4);
  voice('intent_detected', 'callback_requested', null, 2, 5);

  // Tenant B, same hours, borrowing A's campaign and template ids: must never show up in A's answers.
  const eventsB = [
    ...messages(B.workspaceId, 300, { day0: 2, days: 5, campaigns: [c2.id, c1.id], templates: [t1.id, t2.id, t3.id] }),
    ...Array.from({ length: 7 }, (_, i) => e(B.workspaceId, 'funnel_step', new Date(Date.UTC(2026, 2, 3, 10, i)), { channel: 'voice', campaignId: c1.id, contactId: `k${i}`, label: 'picked_up', value: 1 })),
    ...Array.from({ length: 7 }, (_, i) => e(B.workspaceId, 'intent_detected', new Date(Date.UTC(2026, 2, 3, 10, i)), { channel: 'voice', campaignId: c1.id, contactId: `k${i}`, label: 'interested' })),
    ...Array.from({ length: 4 }, (_, i) => e(B.workspaceId, 'message_sent', new Date(Date.UTC(2026, 2, 3, 9, i)), { campaignId: c1.id, contactId: `k${i + 40}`, stepIndex: 0 })),
  ];
  await insertEvents([...eventsA, ...eventsB]);
});

const get = (name: keyof typeof routes, query: string, key = A.keys.viewer) => call(routes[name], key, `/api/v1/analytics/${name}?${query}`);

describe('GET /api/v1/analytics/overview', () => {
  it('answers summary, rates, change vs the previous period, byChannel and a daily trend', async () => {
    const { status, body } = await get('overview', RANGE);
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    const d = body.data;
    const cur = counts(eventsA, inRange);
    const prev = counts(eventsA, inPrevious);
    expect(d.timeRange).toEqual({ start: '2026-03-02T00:00:00Z', end: '2026-03-06T23:59:59Z' });
    expect(d.previousTimeRange).toEqual({ start: '2026-02-25T00:00:00Z', end: '2026-03-01T23:59:59Z' });
    expect(d.summary).toEqual({
      totalMessagesSent: cur.sent,
      totalDelivered: cur.delivered,
      totalOpened: cur.opened,
      totalClicked: cur.clicked,
      deliveryRate: pct(cur.delivered, cur.sent),
      openRate: pct(cur.opened, cur.delivered),
      clickRate: pct(cur.clicked, cur.delivered),
    });
    expect(prev.sent).toBe(200);
    expect(d.previousSummary.totalMessagesSent).toBe(200);
    expect(d.change.totalMessagesSent).toBe(pct(cur.sent - prev.sent, prev.sent));
    expect(d.change.openRate).toBeCloseTo(pct(cur.opened, cur.delivered) - pct(prev.opened, prev.delivered), 2);
    for (const ch of CHANNELS) {
      const c = counts(eventsA, inRange, channel(ch));
      expect(d.byChannel[ch]).toEqual({ sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked });
    }
    expect(d.trend.map((t: { date: string }) => t.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    for (const t of d.trend) {
      const c = counts(eventsA, within(`${t.date}T00:00:00Z`, new Date(new Date(`${t.date}T00:00:00Z`).getTime() + 86_400_000).toISOString()));
      expect(t).toEqual({ date: t.date, sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked });
    }
  });

  it('answers a custom date-time range from the hourly rollup, widened to whole hours', async () => {
    const { body } = await get('overview', 'startDate=2026-03-03T10:15:00Z&endDate=2026-03-04T09:30:00Z');
    expect(body.data.timeRange).toEqual({ start: '2026-03-03T10:00:00Z', end: '2026-03-04T09:59:59Z' });
    expect(body.data.summary.totalMessagesSent).toBe(count(eventsA, type('message_sent'), within('2026-03-03T10:00:00Z', '2026-03-04T10:00:00Z')));
    expect(body.data.trend).toHaveLength(24);
  });

  it('streams the trend (or byChannel) as CSV', async () => {
    const trend = await get('overview', `${RANGE}&format=csv`);
    expect(trend.status).toBe(200);
    expect(trend.headers.get('content-type')).toContain('text/csv');
    expect(trend.headers.get('content-disposition')).toContain('herald-overview-trend.csv');
    const lines = trend.body.trim().split('\r\n');
    expect(lines[0]).toBe('date,sent,delivered,opened,clicked');
    expect(lines).toHaveLength(6);
    const c = counts(eventsA, within('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z'));
    expect(lines[1]).toBe(`2026-03-02,${c.sent},${c.delivered},${c.opened},${c.clicked}`);
    const byChannel = await get('overview', `${RANGE}&format=csv&table=byChannel`);
    expect(byChannel.body.split('\r\n')[0]).toBe('channel,sent,delivered,opened,clicked');
  });
});

describe('GET /api/v1/analytics/messages', () => {
  it('filters by channel and buckets by hour', async () => {
    const { body } = await get('messages', 'channel=email&granularity=hour&startDate=2026-03-03T00:00:00Z&endDate=2026-03-04T00:00:00Z');
    const day = within('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z');
    const c = counts(eventsA, day, channel('email'));
    expect(body.data.summary).toMatchObject({ sent: c.sent, delivered: c.delivered, opened: c.opened, clicked: c.clicked, bounced: c.bounced, complained: c.complained });
    expect(body.data.timeSeries).toHaveLength(24);
    for (const p of body.data.timeSeries) {
      const h = counts(eventsA, channel('email'), within(p.timestamp, new Date(new Date(p.timestamp).getTime() + 3_600_000).toISOString()));
      expect(p).toEqual({ timestamp: p.timestamp, sent: h.sent, delivered: h.delivered, opened: h.opened, clicked: h.clicked, bounced: h.bounced });
    }
    expect(body.data.byChannel.map((x: { channel: string }) => x.channel)).toEqual(['email']);
  });

  it('answers per channel with rates, and by ISO week and month', async () => {
    const { body } = await get('messages', `${RANGE}&granularity=week`);
    for (const row of body.data.byChannel) {
      const c = counts(eventsA, inRange, channel(row.channel));
      expect(row).toMatchObject({ sent: c.sent, delivered: c.delivered, deliveryRate: pct(c.delivered, c.sent), openRate: pct(c.opened, c.delivered) });
    }
    const cur = counts(eventsA, inRange);
    expect(body.data.summary).toMatchObject({ sent: cur.sent, bounced: cur.bounced, complained: cur.complained });
    // 2 March 2026 is a Monday: the whole range is one ISO week.
    expect(body.data.timeSeries).toEqual([{ timestamp: '2026-03-02T00:00:00Z', sent: cur.sent, delivered: cur.delivered, opened: cur.opened, clicked: cur.clicked, bounced: cur.bounced }]);
    const month = await get('messages', `${RANGE}&granularity=month`);
    expect(month.body.data.timeSeries).toEqual([{ timestamp: '2026-03-01T00:00:00Z', sent: cur.sent, delivered: cur.delivered, opened: cur.opened, clicked: cur.clicked, bounced: cur.bounced }]);
  });
});

describe('GET /api/v1/analytics/campaigns', () => {
  it('ranks campaigns by messages sent, with PostgreSQL names and the distinct recipients', async () => {
    const { body } = await get('campaigns', RANGE);
    const d = body.data;
    const inCampaign = (x: Ev) => Boolean(x.campaignId);
    const campaignIds = [...new Set(eventsA.filter((x) => inRange(x) && inCampaign(x) && x.eventType === 'message_sent').map((x) => x.campaignId!))];
    expect(d.summary.totalCampaigns).toBe(campaignIds.length);
    expect(d.summary.completedCampaigns).toBe(1);
    expect(d.summary.totalRecipients).toBe(new Set(eventsA.filter((x) => inRange(x) && inCampaign(x) && x.eventType === 'message_sent').map((x) => x.contactId)).size);
    const expected = campaignIds
      .map((id) => ({ id, c: counts(eventsA, inRange, byCampaign(id)) }))
      // Ties in sent go by campaign id, as the route orders them.
      .sort((a, b) => b.c.sent - a.c.sent || a.id.localeCompare(b.id));
    expect(d.topCampaigns.map((r: { campaignId: string }) => r.campaignId)).toEqual(expected.map((x) => x.id));
    const names: Record<string, string | null> = { [ids.c1]: 'Flow campaign, "onboarding"', [ids.c2]: 'Spring sale', 'ext-campaign': null };
    for (const row of d.topCampaigns) {
      const c = counts(eventsA, inRange, byCampaign(row.campaignId));
      expect(row).toMatchObject({ name: names[row.campaignId], sent: c.sent, openRate: pct(c.opened, c.delivered), clickRate: pct(c.clicked, c.delivered) });
    }
    const rates = expected.filter((x) => x.c.delivered > 0).map((x) => pct(x.c.opened, x.c.delivered));
    expect(d.summary.avgOpenRate).toBeCloseTo(rates.reduce((a, b) => a + b, 0) / rates.length, 1);
    expect(d.timeSeries).toHaveLength(5);
    expect(d.timeSeries.reduce((a: number, p: { sent: number }) => a + p.sent, 0)).toBe(count(eventsA, inRange, inCampaign, type('message_sent')));
  });

  it('narrows to one campaign and channel, and escapes names in CSV', async () => {
    const { body } = await get('campaigns', `${RANGE}&campaignId=${ids.c2}&channel=sms`);
    const c = counts(eventsA, inRange, byCampaign(ids.c2), channel('sms'));
    expect(body.data.topCampaigns).toEqual([expect.objectContaining({ campaignId: ids.c2, sent: c.sent, delivered: c.delivered })]);
    const csv = await get('campaigns', `${RANGE}&campaignId=${ids.c1}&format=csv`);
    expect(csv.body).toContain(`${ids.c1},"Flow campaign, ""onboarding""",completed,`);
  });
});

describe('GET /api/v1/analytics/templates', () => {
  it('ranks templates sent at least minVolume times, best and worst, with names', async () => {
    const { body } = await get('templates', RANGE);
    const rows = [ids.t1, ids.t2, ids.t3].map((id) => {
      const c = counts(eventsA, inRange, tpl(id));
      return { templateId: id, usageCount: c.sent, openRate: pct(c.opened, c.delivered), clickRate: pct(c.clicked, c.delivered) };
    });
    expect(rows.every((r) => r.usageCount >= 100)).toBe(true);
    const best = [...rows].sort((a, b) => b.openRate - a.openRate || b.clickRate - a.clickRate);
    expect(body.data.topTemplates.map((r: { templateId: string }) => r.templateId)).toEqual(best.map((r) => r.templateId));
    expect(body.data.worstPerforming.map((r: { templateId: string }) => r.templateId)).toEqual([...best].reverse().map((r) => r.templateId));
    for (const r of body.data.topTemplates) expect(r).toMatchObject(rows.find((x) => x.templateId === r.templateId)!);
    expect(body.data.topTemplates.find((r: { templateId: string }) => r.templateId === ids.t1).name).toBe('Welcome');
    const t3 = counts(eventsA, inRange, tpl(ids.t3)).sent;
    const strict = await get('templates', `${RANGE}&minVolume=${t3 + 1}`);
    expect(strict.body.data.topTemplates.map((r: { templateId: string }) => r.templateId)).not.toContain(ids.t3);
    const csv = await get('templates', `${RANGE}&format=csv&table=worstPerforming`);
    expect(csv.body).toContain(`${ids.t3},"'=Tips, ""weekly"""`);
  });
});

describe('GET /api/v1/analytics/traffic', () => {
  const sentInRange = (tz: string, start: string, end: string) => eventsA.filter((x) => x.eventType === 'message_sent' && within(start, end)(x));

  it('answers hours of the day and weekdays in the requested zone', async () => {
    // In New York, 2–6 March 2026 is UTC−5 throughout.
    const { body } = await get('traffic', `${RANGE}&tz=America/New_York&granularity=day`);
    const sent = sentInRange('America/New_York', '2026-03-02T05:00:00Z', '2026-03-07T05:00:00Z');
    expect(body.data.timeRange).toEqual({ start: '2026-03-02T05:00:00Z', end: '2026-03-07T04:59:59Z' });
    const hours = Array.from({ length: 24 }, (_, h) => ({ hour: h, messageCount: sent.filter((x) => localParts(new Date(x.occurredAt).getTime(), 'America/New_York').hour === h).length }));
    expect(body.data.peakHours).toEqual(hours);
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day, i) => ({ day, messageCount: sent.filter((x) => localParts(new Date(x.occurredAt).getTime(), 'America/New_York').weekday === i + 1).length }));
    expect(body.data.byDayOfWeek).toEqual(days);
    expect(body.data.timeSeries.map((p: { timestamp: string }) => p.timestamp)).toEqual(['02', '03', '04', '05', '06'].map((d) => `2026-03-${d}T05:00:00Z`));
    expect(body.data.timeSeries.reduce((a: number, p: { messageCount: number }) => a + p.messageCount, 0)).toBe(sent.length);
    expect(body.data.busiestHour).toBe([...hours].sort((a, b) => b.messageCount - a.messageCount)[0]!.hour);
  });

  it('answers a half-hour zone from raw events', async () => {
    const { body } = await get('traffic', `${RANGE}&tz=Asia/Kolkata`);
    // Kolkata is UTC+5:30: its days start at 18:30 UTC the day before.
    const sent = sentInRange('Asia/Kolkata', '2026-03-01T18:30:00Z', '2026-03-06T18:30:00Z');
    expect(body.data.peakHours.map((p: { messageCount: number }) => p.messageCount)).toEqual(
      Array.from({ length: 24 }, (_, h) => sent.filter((x) => localParts(new Date(x.occurredAt).getTime(), 'Asia/Kolkata').hour === h).length),
    );
    expect(body.data.timeSeries).toHaveLength(5 * 24);
    expect(body.data.timeSeries[0].timestamp).toBe('2026-03-01T18:30:00Z');
  });
});

describe('GET /api/v1/analytics/funnel', () => {
  it('answers the journey funnel of calls and the email funnel of a campaign, with conversions', async () => {
    const { body } = await get('funnel', `${RANGE}&campaignId=${ids.c1}`);
    const [voice, email] = body.data.funnels;
    expect(voice.steps.map((s: { key: string; count: number }) => [s.key, s.count])).toEqual([['picked_up', 40], ['interested', 20], ['qualified', 8], ['demo_booked', 3]]);
    expect(voice.steps[1]).toMatchObject({ label: 'Interested', conversionFromPrevious: 50, conversionFromFirst: 50, event: { eventType: 'funnel_step', label: 'interested' } });
    expect(voice.steps[2]).toMatchObject({ conversionFromPrevious: 40, conversionFromFirst: 20 });
    const c = counts(eventsA, inRange, byCampaign(ids.c1), channel('email'));
    expect(email.steps.map((s: { count: number }) => s.count)).toEqual([c.sent, c.delivered, c.opened, c.clicked]);
    expect(email.steps[0]).toMatchObject({ key: 'sent', conversionFromPrevious: 100, conversionFromFirst: 100 });
  });

  it('counts the whole workspace without campaignId', async () => {
    const { body } = await get('funnel', RANGE);
    expect(body.data.funnels[1].steps[0].count).toBe(count(eventsA, inRange, channel('email'), type('message_sent')));
  });
});

describe('GET /api/v1/analytics/intents', () => {
  it('answers the label distribution with shares', async () => {
    const { body } = await get('intents', `${RANGE}&campaignId=${ids.c1}`);
    expect(body.data.total).toBe(20);
    expect(body.data.intents).toEqual([
      { label: 'interested', count: 12, share: 60 },
      { label: 'not_interested', count: 6, share: 30 },
      { label: 'callback_requested', count: 2, share: 10 },
    ]);
    const csv = await get('intents', `${RANGE}&format=csv`);
    expect(csv.body).toBe('label,count,share\r\ninterested,12,60\r\nnot_interested,6,30\r\ncallback_requested,2,10\r\n');
  });
});

describe('GET /api/v1/analytics/workflows and /sequences', () => {
  it('counts flow runs that started in the range, their completion and failures', async () => {
    const { body } = await get('workflows', RANGE);
    expect(body.data.summary).toEqual({ totalRuns: 20, completedRuns: 10, failedRuns: 1, goalReachedRuns: 0, avgCompletionRate: 50, avgConversionRate: 0 });
    expect(body.data.topWorkflows).toEqual([
      { workflowId: ids.flow, name: 'Onboarding', runs: 20, completed: 10, failed: 1, goalReached: 0, completionRate: 50, conversionRate: 0 },
      { workflowId: ids.idleFlow, name: 'Idle flow', runs: 0, completed: 0, failed: 0, goalReached: 0, completionRate: 0, conversionRate: 0 },
    ]);
    expect(body.data.timeSeries.find((p: { timestamp: string }) => p.timestamp === '2026-03-03T00:00:00Z')).toEqual({ timestamp: '2026-03-03T00:00:00Z', runs: 20, completed: 10, failed: 1 });
    const one = await get('workflows', `${RANGE}&workflowId=${ids.idleFlow}`);
    expect(one.body.data.summary.totalRuns).toBe(0);
  });

  it('answers enrollments, replies and the step funnel', async () => {
    const { body } = await get('sequences', RANGE);
    expect(body.data.summary).toEqual({ totalEnrollments: 20, activeEnrollments: 10, completedEnrollments: 10, repliedEnrollments: 2, avgReplyRate: 10 });
    expect(body.data.stepFunnel).toEqual([
      { stepNumber: 1, executed: 20, replied: 2 },
      { stepNumber: 2, executed: 15, replied: 0 },
    ]);
    expect(body.data.topSequences[0]).toMatchObject({ sequenceId: ids.flow, enrollments: 20, completed: 10, replied: 2, replyRate: 10 });
  });
});

describe('tenant scope', () => {
  it('answers the other tenant only its own events', async () => {
    const { body } = await get('intents', RANGE, B.keys.viewer);
    expect(body.data.total).toBe(7);
    const funnel = await get('funnel', RANGE, B.keys.viewer);
    expect(funnel.body.data.funnels[0].steps[0].count).toBe(7);
  });

  it('is a 404 to filter on another workspace’s campaign, template or flow', async () => {
    for (const [name, q] of [
      ['funnel', `campaignId=${ids.c1}`],
      ['intents', `campaignId=${ids.c1}`],
      ['campaigns', `campaignId=${ids.c2}`],
      ['templates', `templateId=${ids.t1}`],
      ['workflows', `workflowId=${ids.flow}`],
      ['sequences', `sequenceId=${ids.flow}`],
    ] as const) {
      const res = await get(name, q, B.keys.admin);
      expect(res.status, name).toBe(404);
    }
  });
});
