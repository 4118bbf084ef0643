import { setTimeout as sleep } from 'node:timers/promises';
import { ensureClickHouse, insertRows } from '@/lib/clickhouse';
import { env } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';
import { ANALYTICS_EVENTS_TABLE, toClickHouseRow } from '@/lib/analytics/events';
import { POST } from '@/app/api/v1/events/route';
import { apiCaller, benchWorkspace, noParams } from '../fixtures';
import { benchEvent, landedEvents } from '../analytics';
import { percentile, round, type Scenario } from '../harness';

const SAMPLES = 10;
const POLL_MS = 25;
const GIVE_UP_MS = 30_000;

/** Milliseconds until ClickHouse holds `expected` events of the tenant, polling every 25 ms. */
async function untilLanded(tenantId: string, expected: number, t0: number): Promise<number> {
  while ((await landedEvents(tenantId)).rows < expected) {
    if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`event ${expected} not in ClickHouse after ${GIVE_UP_MS / 1000} s`);
    await sleep(POLL_MS);
  }
  return performance.now() - t0;
}

/**
 * One event accepted by the events API → queryable in ClickHouse, through the real local worker loop at its default
 * poll (outbox flush as a periodic task), against the same event inserted straight into ClickHouse.
 */
export const freshness: Scenario = {
  name: 'freshness',
  async run() {
    await ensureClickHouse();
    const ws = await benchWorkspace('freshness');
    const direct = await benchWorkspace('freshness-direct');
    const request = await apiCaller(ws.id);
    const herald: number[] = [];
    const baseline: number[] = [];
    const worker = startWorker();
    try {
      for (let i = 1; i <= SAMPLES; i++) {
        await sleep(Math.random() * 1000); // Land anywhere in the worker's poll cycle.
        const event = benchEvent(i, 'fresh');
        const t0 = performance.now();
        const res = await POST(request('/api/v1/events', JSON.stringify(event)), noParams);
        if (res.status !== 202) throw new Error(`events API answered ${res.status}: ${await res.text()}`);
        herald.push(await untilLanded(ws.id, i, t0));

        const b0 = performance.now();
        await insertRows(ANALYTICS_EVENTS_TABLE, [toClickHouseRow({ ...event, tenantId: direct.id })], { dedupToken: `bench-fresh-${direct.id}-${i}` });
        baseline.push(await untilLanded(direct.id, i, b0));
      }
    } finally {
      await worker.stop();
    }
    const p50 = percentile(herald, 50) / 1000;
    const max = Math.max(...herald) / 1000;
    return {
      herald: round(p50, 2),
      baseline: round(percentile(baseline, 50) / 1000, 3),
      unit: 's p50',
      ratio: round(percentile(baseline, 50) / percentile(herald, 50), 3),
      goal: '≤ 5 s',
      met: max <= 5,
      notes: `${SAMPLES} events one at a time, worker polling every ${env().JOBS_POLL_MS} ms: p50 ${round(p50, 2)} s, max ${round(max, 2)} s; straight insert p50 ${round(percentile(baseline, 50))} ms`,
    };
  },
};
