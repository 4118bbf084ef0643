/**
 * The campaign analytics routes: summary (seed 000), stats in seed 004's exact shape with its cache and
 * admin-only invalidation, and the contacts behind a dashboard bar — against PostgreSQL rows and chDB events
 * whose answers are known, with another tenant's look-alike data that must never count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { ensureClickHouse } from '@/lib/clickhouse';
import { resetEnvCache } from '@/lib/env';
import { closeRedis } from '@/lib/redis';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { cacheGet, cacheSet } from '@/lib/analytics/stats-cache';
import { changeCampaignStatus } from '@/lib/campaigns/status';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import { call, campaign, insertEvents, tenant } from './helpers';

// Outside a Next request next-auth cannot read cookies: no session, so only API keys identify callers.
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => null }));

const summaryRoute = (await import('@/app/api/campaigns/[id]/summary/route')).GET;
const statsRoute = (await import('@/app/api/campaigns/[id]/stats/route')).GET;
const invalidateRoute = (await import('@/app/api/campaigns/[id]/stats/invalidate/route')).POST;
const contactsRoute = (await import('@/app/api/campaigns/[id]/contacts/route')).GET;

const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);

let A: Awaited<ReturnType<typeof tenant>>;
let B: Awaited<ReturnType<typeof tenant>>;
let C: { id: string };
let contactIds: string[];

const STATES = { pending: 4, in_progress: 2, completed: 6, refused: 3, not_reached: 3, excluded: 2 } as const;
/** [outcome, duration, minutes ago] of the campaign's calls. */
const CALLS: [string, number, number][] = [
  ['completed', 30, 30], ['completed', 60, 90], ['completed', 90, 30 * 60], ['completed', 120, 40 * 24 * 60],
  ['refused', 10, 45], ['refused', 20, 26 * 60],
  ['no_answer', 0, 50], ['no_answer', 0, 50], ['no_answer', 0, 3 * 24 * 60],
  ['busy', 0, 55], ['failed', 0, 60],
];
/** [event type, count] of the campaign's email events, all two hours ago. */
const EMAILS: [AnalyticsEventInput['eventType'], number][] = [['message_sent', 10], ['message_delivered', 7], ['message_bounced', 2], ['message_failed', 1], ['message_complained', 1]];

beforeAll(async () => {
  await ensureClickHouse();
  [A, B] = await Promise.all([tenant(), tenant()]);
  C = await campaign(A.workspaceId, { name: 'Live campaign', status: 'active', activatedAt: ago(120) });
  const contacts = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), workspaceId: A.workspaceId, email: `p${String(i).padStart(2, '0')}@example.test`, firstName: `P${i}`, lastName: 'Person' }));
  await db.contact.createMany({ data: contacts });
  contactIds = contacts.map((c) => c.id);
  const states = Object.entries(STATES).flatMap(([state, n]) => Array.from({ length: n }, () => state));
  await db.campaignRecipient.createMany({
    data: contacts.map((c, i) => ({ campaignId: C.id, contactId: c.id, state: states[i] as keyof typeof STATES })),
  });
  // Messages: m0–m4 delivered, m5–m6 failed before sending, m7 bounced, m8–m9 sent.
  const statuses = ['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'failed', 'failed', 'bounced', 'sent', 'sent'] as const;
  const messages = statuses.map((status, i) => ({
    id: randomUUID(), workspaceId: A.workspaceId, campaignId: C.id, contactId: contacts[i]!.id, stepIndex: 0, toAddress: contacts[i]!.email, status,
    sentAt: status === 'failed' ? null : ago(100 - i * 5),
  }));
  await db.message.createMany({ data: messages });
  await db.deliveryAttempt.createMany({
    data: [
      { messageId: messages[0]!.id, attempt: 1, outcome: 'success' },
      { messageId: messages[5]!.id, attempt: 1, outcome: 'transient_failure', reason: 'Connection timed out' },
      { messageId: messages[5]!.id, attempt: 2, outcome: 'permanent_failure', code: '550', reason: 'Mailbox unavailable' },
      { messageId: messages[6]!.id, attempt: 1, outcome: 'permanent_failure', code: '550', reason: 'Mailbox unavailable' },
      { messageId: messages[7]!.id, attempt: 1, outcome: 'permanent_failure', code: '554' },
    ],
  });
  await db.qrCode.createMany({
    data: [1, 2, 5, 0, 0, 0].map((scans, i) => ({ workspaceId: A.workspaceId, campaignId: C.id, contactId: contacts[i]!.id, code: randomUUID(), scanCount: scans, redeemedAt: i < 2 ? ago(10) : null })),
  });

  const event = (tenantId: string, eventType: AnalyticsEventInput['eventType'], when: Date, patch: Partial<AnalyticsEventInput>): AnalyticsEventInput => ({
    tenantId, eventType, entityType: 'call', entityId: randomUUID(), channel: 'voice', sourceType: 'campaign', campaignId: C.id, occurredAt: when.toISOString(), ...patch,
  });
  const calls = (tenantId: string) => CALLS.map(([outcome, d, m], i) => event(tenantId, 'call_ended', ago(m), { outcome: outcome as 'completed', durationSeconds: d, contactId: contactIds[i] }));
  const emails = (tenantId: string) => EMAILS.flatMap(([t, n]) => Array.from({ length: n }, (_, i) => event(tenantId, t, ago(120), { channel: 'email', entityType: 'message', contactId: contactIds[10 + i] })));
  await insertEvents([
    ...calls(A.workspaceId),
    ...emails(A.workspaceId),
    ...[0, 1, 2].map((i) => event(A.workspaceId, 'funnel_step', ago(30), { label: 'picked_up', value: 1, contactId: contactIds[i] })),
    // Tenant B borrows the campaign id: none of this may count.
    ...calls(B.workspaceId),
    ...emails(B.workspaceId),
  ]);
});

afterAll(async () => {
  await closeRedis();
});

const stats = (key: string, query = '', id = C.id) => call(statsRoute, key, `/api/campaigns/${id}/stats${query}`, { params: { id } });
const invalidate = (key: string, id = C.id) => call(invalidateRoute, key, `/api/campaigns/${id}/stats/invalidate`, { method: 'POST', params: { id } });
const contacts = (key: string, query: string, id = C.id) => call(contactsRoute, key, `/api/campaigns/${id}/contacts?${query}`, { params: { id } });

describe('GET /api/campaigns/[id]/summary', () => {
  it('answers targeted, sent, failed, completion, send rate, QR codes and failure reasons', async () => {
    const s = await campaignSummary(A.workspaceId, C.id, new Date(NOW));
    expect(s).toMatchObject({
      campaign: { id: C.id, name: 'Live campaign', status: 'active' },
      targeted: 20,
      sent: 8,
      failed: 3,
      bounced: 1,
      completion: { completedAt: null, durationSeconds: null },
      qrCodes: { generated: 6, scanned: 3, totalScans: 8, redeemed: 2, redemptionRate: 33.33 },
      failureReasons: [{ reason: 'Mailbox unavailable', count: 2 }, { reason: '554', count: 1 }, { reason: 'Connection timed out', count: 1 }],
      live: true,
    });
    // First send 100 minutes ago, last one 55 minutes ago: 8 messages over 2,700 s.
    expect(s.sendRate.messagesPerSecond).toBeCloseTo(8 / 2700, 4);
    expect(s.sendRate.messagesPerMinute).toBeCloseTo(0.18, 2);
    // Nothing sent since: an hour later the rate is the same, not diluted by the idle time.
    const later = await campaignSummary(A.workspaceId, C.id, new Date(NOW + 3_600_000));
    expect(later.sendRate).toEqual(s.sendRate);
    const res = await call(summaryRoute, A.keys.viewer, `/api/campaigns/${C.id}/summary`, { params: { id: C.id } });
    expect(res.status).toBe(200);
    expect(res.body.sent).toBe(8);
  });

  it('measures a completed campaign to its completion', async () => {
    const done = await campaign(A.workspaceId, { status: 'completed', targetedCount: 50, activatedAt: ago(600), completedAt: ago(60) });
    const s = await campaignSummary(A.workspaceId, done.id, new Date(NOW));
    expect(s).toMatchObject({ targeted: 50, sent: 0, completion: { durationSeconds: 9 * 3600 }, sendRate: { messagesPerSecond: null }, live: false });
  });

  it('is a 404 for another workspace and for a malformed id', async () => {
    expect((await call(summaryRoute, B.keys.admin, '/x', { params: { id: C.id } })).status).toBe(404);
    expect((await call(summaryRoute, A.keys.admin, '/x', { params: { id: 'nope' } })).status).toBe(404);
  });
});

describe('GET /api/campaigns/[id]/stats', () => {
  it('answers in seed 004’s shape with the campaign’s calls (its emails are not call attempts)', async () => {
    await invalidate(A.keys.admin);
    const { status, body } = await stats(A.keys.viewer);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['campaign_id', 'campaign_name', 'campaign_status', 'contacts', 'call_outcomes', 'rates', 'duration_stats', 'time_series_hourly', 'time_series_daily', 'generated_at', 'cached']);
    expect(body).toMatchObject({ campaign_id: C.id, campaign_name: 'Live campaign', campaign_status: 'running', cached: false });
    expect(body.contacts).toEqual({ total: 20, ...STATES });
    // Calls: 4 completed, 2 refused, 3 no answer, 1 busy, 1 failed; the campaign's email events count nowhere here.
    expect(body.call_outcomes).toEqual({ total_attempts: 11, completed: 4, refused: 2, no_answer: 3, busy: 1, failed: 1 });
    expect(body.rates).toEqual({ completion_rate: 30, refusal_rate: 15, not_reached_rate: 15, answer_rate: 54.5 });
    expect(body.duration_stats).toEqual({ average_duration_seconds: 75, min_duration_seconds: 30, max_duration_seconds: 120, total_duration_seconds: 300 });
    expect(body.time_series_hourly).toHaveLength(24);
    expect(body.time_series_daily).toHaveLength(30);
    const sum = (xs: { total_attempts: number }[]) => xs.reduce((a, x) => a + x.total_attempts, 0);
    const callsWithin = (minutes: number) => CALLS.filter(([, , m]) => m < minutes).length;
    // Hourly: calls of the last 24 hours (this hour included), the hour being the route's own (the clock may have
    // passed the hour since the calls were seeded).
    const thisHour = Math.floor(new Date(body.generated_at).getTime() / 3_600_000) * 3_600_000;
    expect(sum(body.time_series_hourly)).toBe(CALLS.filter(([, , m]) => NOW - m * 60_000 >= thisHour - 23 * 3_600_000).length);
    expect(sum(body.time_series_daily)).toBe(callsWithin(29 * 24 * 60));
    expect(body.time_series_hourly[23]).toMatchObject({ timestamp: new Date(thisHour).toISOString().replace('.000', '') });
    expect(Object.keys(body.time_series_daily[0])).toEqual(['timestamp', 'total_attempts', 'completed', 'refused', 'no_answer', 'busy', 'failed']);
  });

  it('serves a cached answer with cached: true until an admin invalidates it', async () => {
    await invalidate(A.keys.admin);
    const first = await stats(A.keys.campaign_manager);
    const second = await stats(A.keys.viewer);
    expect(first.body.cached).toBe(false);
    expect(second.body.cached).toBe(true);
    expect(second.body.generated_at).toBe(first.body.generated_at);
    expect({ ...second.body, cached: false }).toEqual(first.body);
    // Other parameters are another answer.
    expect((await stats(A.keys.viewer, '?time_series_hours=48')).body.cached).toBe(false);
    expect((await stats(A.keys.viewer, '?time_series_hours=48')).body.cached).toBe(true);
    const done = await invalidate(A.keys.admin);
    expect(done).toMatchObject({ status: 200, body: { campaign_id: C.id, invalidated: true } });
    expect((await stats(A.keys.viewer)).body.cached).toBe(false);
    expect((await stats(A.keys.viewer, '?time_series_hours=48')).body.cached).toBe(false);
  });

  it('drops a cached answer when the campaign changes status', async () => {
    const D = await campaign(A.workspaceId, { name: 'Soon paused', status: 'active', activatedAt: ago(10) });
    expect((await stats(A.keys.viewer, '', D.id)).body.cached).toBe(false);
    expect((await stats(A.keys.viewer, '', D.id)).body).toMatchObject({ cached: true, campaign_status: 'running' });
    await changeCampaignStatus({ workspaceId: A.workspaceId, role: 'admin', via: 'api_key' }, D.id, 'paused');
    expect((await stats(A.keys.viewer, '', D.id)).body).toMatchObject({ cached: false, campaign_status: 'paused' });
  });

  it('lets only admins invalidate, and only their own workspace’s campaigns', async () => {
    expect((await invalidate(A.keys.viewer)).status).toBe(403);
    expect((await invalidate(A.keys.campaign_manager)).status).toBe(403);
    expect((await invalidate(B.keys.admin)).status).toBe(404);
    expect((await stats(B.keys.admin)).status).toBe(404);
    expect((await call(statsRoute, '', '/x', { params: { id: C.id } })).status).toBe(401);
  });

  it('keeps cached answers no longer than the TTL', async () => {
    await cacheSet('ttl-test', 'f', { n: 1 }, 1_000);
    expect(await cacheGet('ttl-test', 'f', 1_000 + 59_000)).toEqual({ n: 1 });
    expect(await cacheGet('ttl-test', 'f', 1_000 + 60_000)).toBeNull();
  });

  it('validates its parameters', async () => {
    for (const [q, field] of [
      ['?time_series_hours=0', 'time_series_hours'],
      ['?time_series_hours=169', 'time_series_hours'],
      ['?time_series_hours=abc', 'time_series_hours'],
      ['?time_series_hours=1.5', 'time_series_hours'],
      ['?time_series_days=0', 'time_series_days'],
      ['?time_series_days=91', 'time_series_days'],
      ['?include_time_series=maybe', 'include_time_series'],
    ]) {
      const res = await stats(A.keys.viewer, q);
      expect(res.status, q).toBe(400);
      expect(res.body.fieldErrors[field!], q).toBeDefined();
    }
    const edge = await stats(A.keys.viewer, '?time_series_hours=168&time_series_days=90');
    expect(edge.body.time_series_hourly).toHaveLength(168);
    expect(edge.body.time_series_daily).toHaveLength(90);
    const bare = await stats(A.keys.viewer, '?include_time_series=false');
    expect(bare.body).toMatchObject({ time_series_hourly: [], time_series_daily: [] });
  });
});

describe('stats cache on Redis', () => {
  const useRedis = async (url: string | undefined) => {
    if (url === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = url;
    resetEnvCache();
    await closeRedis();
  };

  it('answers fresh, fast and without failing when Redis is unreachable', async () => {
    await useRedis('redis://127.0.0.1:1');
    try {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const res = await stats(A.keys.viewer);
        expect(res.status).toBe(200);
        expect(res.body.cached).toBe(false);
        expect(res.body.contacts.total).toBe(20);
        expect(performance.now() - t0).toBeLessThan(2_000);
      }
      expect((await invalidate(A.keys.admin)).body).toEqual({ campaign_id: C.id, invalidated: false });
    } finally {
      await useRedis(undefined);
    }
  });

  const redisServer = '/usr/bin/redis-server';
  it.skipIf(!existsSync(redisServer))('caches in Redis under campaign_stats:{id}, and survives Redis going away', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const server: ChildProcess = spawn(redisServer, ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      for (let i = 0; i < 50; i++) {
        try {
          await probe.connect();
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await useRedis(`redis://127.0.0.1:${port}`);
      expect((await stats(A.keys.viewer)).body.cached).toBe(false);
      expect((await stats(A.keys.viewer)).body.cached).toBe(true);
      const key = `campaign_stats:${C.id}`;
      expect(await probe.hlen(key)).toBe(1);
      const ttl = await probe.pttl(key);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect((await invalidate(A.keys.admin)).body.invalidated).toBe(true);
      expect(await probe.exists(key)).toBe(0);
      expect((await stats(A.keys.viewer)).body.cached).toBe(false);
      probe.disconnect();
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      const res = await stats(A.keys.viewer);
      expect(res.status).toBe(200);
      expect(res.body.cached).toBe(false);
    } finally {
      probe.disconnect();
      if (server.exitCode === null) server.kill('SIGKILL');
      await useRedis(undefined);
    }
  });
});

describe('GET /api/campaigns/[id]/contacts', () => {
  it('lists recipients in a state, a page at a time', async () => {
    const { body } = await contacts(A.keys.viewer, 'state=completed&limit=4');
    expect(body.total).toBe(6);
    expect(body.items).toHaveLength(4);
    expect(body.items[0]).toMatchObject({ email: 'p06@example.test', firstName: 'P6', lastName: 'Person', state: 'completed' });
    const page2 = await contacts(A.keys.viewer, `state=completed&limit=4&cursor=${body.nextCursor}`);
    expect(page2.body.items.map((i: { email: string }) => i.email)).toEqual(['p10@example.test', 'p11@example.test']);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('lists the contacts behind an outcome bar and a funnel step, with names', async () => {
    const firstThree = await contacts(A.keys.viewer, 'outcome=completed&limit=3');
    const rest = await contacts(A.keys.viewer, `outcome=completed&limit=200&cursor=${firstThree.body.nextCursor}`);
    const completed = await contacts(A.keys.viewer, 'outcome=completed&limit=200');
    // Calls 0–3 completed (a delivered email is not a call outcome).
    const expected = contactIds.slice(0, 4).sort();
    expect(completed.body.total).toBe(4);
    expect(completed.body.items.map((i: { contactId: string }) => i.contactId)).toEqual(expected);
    expect(completed.body.items.every((i: { email: string | null }) => i.email?.endsWith('@example.test'))).toBe(true);
    expect([...firstThree.body.items, ...rest.body.items].map((i: { contactId: string }) => i.contactId)).toEqual(expected);
    expect(rest.body.nextCursor).toBeNull();
    const picked = await contacts(A.keys.viewer, 'event=funnel_step&label=picked_up');
    expect(picked.body.total).toBe(3);
  });

  it('validates its selector and keeps to the workspace', async () => {
    for (const q of ['', 'state=completed&outcome=busy', 'state=nope', 'event=call_ended&label=x', 'limit=201&state=pending', 'limit=0&state=pending', 'cursor=%25%25&state=pending', 'cursor=bm90LWEtdXVpZA&state=pending']) {
      expect((await contacts(A.keys.viewer, q)).status, q).toBe(400);
    }
    expect((await contacts(B.keys.admin, 'state=completed')).status).toBe(404);
  });
});
