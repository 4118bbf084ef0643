import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChdbHttpServer } from '../support/chdb-http-server';

/** How long each outage lasts (seconds); short by default, longer with OUTAGE_SECONDS=60. */
const OUTAGE_MS = Number(process.env.OUTAGE_SECONDS ?? 3) * 1000;

/** A TCP relay to `target` that the test can cut (listener closed, every connection dropped) and bring back on the same port. */
async function relay(targetPort: number, port = 0) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

// ClickHouse over HTTP in a process this test stops and starts again (same port, same data); Redis behind a relay it cuts.
const chData = mkdtempSync(path.join(tmpdir(), 'herald-outage-chdb-'));
let ch = await spawnChdbHttpServer({ path: chData });
const chPort = Number(new URL(ch.url).port);
let redis = await relay(6379);
process.env.CLICKHOUSE_URL = ch.url;
process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
const { resetEnvCache } = await import('@/lib/env');
resetEnvCache();

const { createApiKey } = await import('@/lib/auth/api-keys');
const { flushOutbox } = await import('@/lib/analytics/flush');
const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
const { POST: ingest } = await import('@/app/api/v1/events/route');
const { GET: statsRoute } = await import('@/app/api/campaigns/[id]/stats/route');
const { GET: overviewRoute } = await import('@/app/api/v1/analytics/overview/route');
const { activeCampaign } = await import('../delivery-engine/helpers');
const { chCounts, once, outboxCounts, sleep, withAnalyticsStores } = await import('../analytics/helpers');
const { EVENTS_PER_REQUEST, ingestRequest } = await import('./support/ingest-requests');

withAnalyticsStores();
afterAll(async () => {
  await ch.close();
  await redis.cut();
  rmSync(chData, { recursive: true, force: true });
  delete process.env.REDIS_URL;
  delete process.env.CLICKHOUSE_URL;
});

const get = (route: typeof statsRoute, url: string, secret: string, params: Record<string, string> = {}) =>
  route(new Request(url, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve(params) });

/** A campaign sent to (sink transport), its events shipped, and an API key of its workspace. */
async function sentCampaign() {
  const c = await activeCampaign({ recipients: 5 });
  await dispatchCampaign(c.campaign.id);
  const { secret } = await createApiKey({ workspaceId: c.workspace.id, name: 'outage test', role: 'campaign_manager' });
  return { ...c, secret };
}

async function drain(workspaceId: string, withinMs: number) {
  const until = Date.now() + withinMs;
  while ((await outboxCounts(workspaceId)).unshipped > 0 && Date.now() < until) {
    if ((await flushOutbox({ leaseMs: 1_000 })).shipped === 0) await sleep(250);
  }
}

let query = 0;
/** Stats with a query of their own, so each call computes (or fails) instead of reading the cache. */
const fresh = (c: { campaign: { id: string } }, secret: string) =>
  get(statsRoute, `http://localhost/api/campaigns/${c.campaign.id}/stats?time_series_hours=${1 + (query++ % 168)}`, secret, { id: c.campaign.id });

describe.skipIf(!process.env.DATABASE_URL)('outages', { timeout: 120_000 }, () => {
  it('Redis gone mid-run: the stats routes answer 200 at once from a fresh computation, never a 500 or a hang', async () => {
    const c = await sentCampaign();
    await drain(c.workspace.id, 20_000);
    const url = `http://localhost/api/campaigns/${c.campaign.id}/stats`;
    expect(await (await get(statsRoute, url, c.secret, { id: c.campaign.id })).json()).toMatchObject({ cached: false });
    expect(await (await get(statsRoute, url, c.secret, { id: c.campaign.id })).json()).toMatchObject({ cached: true });

    await redis.cut();
    const until = Date.now() + OUTAGE_MS;
    while (Date.now() < until) {
      const t0 = Date.now();
      const res = await get(statsRoute, url, c.secret, { id: c.campaign.id });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ cached: false });
      expect(Date.now() - t0).toBeLessThan(5_000); // a computation on a busy machine, not a wait on Redis (300 ms connect limit)
      await sleep(200);
    }
    redis = await relay(6379, redis.port);
  });

  it('ClickHouse unreachable: events are accepted into the outbox, stats answer 503 (not 500); once it is back the outbox drains and counts are exact', async () => {
    const c = await sentCampaign();
    await drain(c.workspace.id, 20_000);
    const before = (await outboxCounts(c.workspace.id)).total;
    expect(await chCounts(c.workspace.id)).toEqual(once(before));

    await ch.close();
    let requests = 0;
    const until = Date.now() + OUTAGE_MS;
    while (Date.now() < until) {
      expect((await ingest(ingestRequest(c.secret, requests++), { params: Promise.resolve({}) })).status).toBe(202);
      const stats = await fresh(c, c.secret);
      expect(stats.status).toBe(503);
      expect(stats.headers.get('retry-after')).toBe('5');
      await sleep(200);
    }
    expect((await get(overviewRoute, 'http://localhost/api/v1/analytics/overview', c.secret)).status).toBe(503);
    // The public health answer says which part is down and what kind of failure, never the driver's message.
    const { healthStatus } = await import('@/lib/health/status');
    const health = await healthStatus();
    expect(health).toMatchObject({ ok: true, degraded: true, checks: { clickhouse: { ok: false, detail: 'connection refused (details in the server log)' } } });
    expect(JSON.stringify(health)).not.toContain(String(chPort));
    const failed = await flushOutbox({ leaseMs: 1_000 });
    expect(failed).toMatchObject({ shipped: 0, error: expect.any(String) });
    const total = before + requests * EVENTS_PER_REQUEST;
    expect(await outboxCounts(c.workspace.id)).toEqual({ total, unshipped: requests * EVENTS_PER_REQUEST });

    ch = await spawnChdbHttpServer({ port: chPort, path: chData });
    const back = Date.now();
    await drain(c.workspace.id, 30_000);
    expect(await outboxCounts(c.workspace.id)).toEqual({ total, unshipped: 0 });
    expect(Date.now() - back).toBeLessThan(15_000);
    expect(await chCounts(c.workspace.id)).toEqual(once(total));
    // The first request after the restart may meet a pooled socket of the old server: a 503 once, then answers.
    let status = (await fresh(c, c.secret)).status;
    if (status === 503) status = (await fresh(c, c.secret)).status;
    expect(status).toBe(200);
  });
});
