import { setTimeout as sleep } from 'node:timers/promises';
import { insertRows } from '@/lib/clickhouse';
import { flushOutbox } from '@/lib/analytics/flush';
import { ANALYTICS_EVENTS_TABLE, toClickHouseRow, type AnalyticsEventRow } from '@/lib/analytics/events';
import { POST } from '@/app/api/v1/events/route';
import { cpuDuring } from '../cpu';
import { apiCaller, benchWorkspace, noParams, perSecond } from '../fixtures';
import { benchEvent, emptyAnalytics, landedEvents } from '../analytics';
import { round, type Scenario } from '../harness';

const PER_REQUEST = 1_000;
const RAW_BATCH = 10_000;
// The flusher's cadence while requests arrive: the worker's periodic task runs every second.
const FLUSH_EVERY_MS = 1_000;

type Send = (body: string) => Promise<void>;

/** Request bodies of 1,000 events each, built before any clock starts: serialising them is the client's work. */
function requestBodies(total: number, tag: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < total; i += PER_REQUEST) {
    bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(PER_REQUEST, total - i) }, (_, k) => benchEvent(i + k, tag)) }));
  }
  return bodies;
}

/**
 * Sends the bodies one request after another while a flusher ships the outbox alongside at the worker's cadence;
 * once the last request is answered it flushes back to back, so the figure ends when ClickHouse has everything.
 */
async function sendWhileFlushing(send: Send, bodies: string[]): Promise<{ sentMs: number; doneMs: number }> {
  const t0 = performance.now();
  let sending = true;
  let lastAnswered = () => {};
  const answered = new Promise<void>((resolve) => (lastAnswered = resolve));
  const flusher = (async () => {
    for (;;) {
      const started = performance.now();
      const r = await flushOutbox();
      if (r.error) throw new Error(`flush failed: ${r.error}`);
      if (!sending && r.shipped === 0) return;
      if (sending) await Promise.race([sleep(Math.max(0, FLUSH_EVERY_MS - (performance.now() - started))), answered]);
    }
  })();
  flusher.catch(() => undefined); // Awaited below; this keeps a failure while sending from going unhandled.
  try {
    for (const body of bodies) await send(body);
  } finally {
    sending = false;
    lastAnswered();
  }
  const sentMs = performance.now() - t0;
  await flusher;
  return { sentMs, doneMs: performance.now() - t0 };
}

/** The raw insert Herald is compared with: the same rows straight into ClickHouse, 10k per insert. */
async function insertRaw(rows: AnalyticsEventRow[], tag: string): Promise<void> {
  for (let i = 0; i < rows.length; i += RAW_BATCH) {
    await insertRows(ANALYTICS_EVENTS_TABLE, rows.slice(i, i + RAW_BATCH), { dedupToken: `bench-raw-${tag}-${i}` });
  }
}

/**
 * Events API (route handler in-process, 1,000 events per request) → outbox → flusher → ClickHouse, end to end with
 * the flusher running alongside the requests, against a raw insertRows of the same rows in 10k batches.
 */
export const ingestion: Scenario = {
  name: 'ingestion',
  async run({ quick }) {
    const total = quick ? 20_000 : 200_000;
    const ws = await benchWorkspace('ingestion');
    const request = await apiCaller(ws.id);
    const send: Send = async (body) => {
      const res = await POST(request('/api/v1/events', body), noParams);
      if (res.status !== 202) throw new Error(`events API answered ${res.status}: ${await res.text()}`);
    };
    const rows = Array.from({ length: total }, (_, i) => toClickHouseRow({ ...benchEvent(i, 'raw'), tenantId: ws.id }));
    const bodies = requestBodies(total, 'api');

    // Warm-up: both paths once (modules, prepared plans, table metadata) on a few events, then an empty store.
    await sendWhileFlushing(send, requestBodies(PER_REQUEST, 'warm-up'));
    await insertRaw(rows.slice(0, PER_REQUEST), `warm-${ws.id}`);
    await emptyAnalytics();

    const {
      result: { sentMs, doneMs },
      summary: heraldCpu,
    } = await cpuDuring(() => sendWhileFlushing(send, bodies));
    const landed = await landedEvents(ws.id);
    if (landed.rows !== total || landed.distinct !== total) throw new Error(`expected ${total} events once, ClickHouse holds ${JSON.stringify(landed)}`);

    await emptyAnalytics();
    const b0 = performance.now();
    const { summary: rawCpu } = await cpuDuring(() => insertRaw(rows, ws.id));
    const rawMs = performance.now() - b0;

    const herald = perSecond(total, doneMs);
    const baseline = perSecond(total, rawMs);
    return {
      herald,
      baseline,
      unit: 'events/s',
      ratio: round(herald / baseline, 2),
      goal: '≥ 60k events/s, ≥ 50 % of raw',
      met: herald >= 60_000 && herald >= baseline / 2,
      notes: `${total.toLocaleString('en-US')} events in ${total / PER_REQUEST} requests, flusher alongside: requests done after ${round(sentMs / 1000, 2)} s (${perSecond(total, sentMs).toLocaleString('en-US')}/s), all in ClickHouse after ${round(doneMs / 1000, 2)} s (${heraldCpu}; ClickHouse is chDB inside this Node process); raw insert ${round(rawMs / 1000, 2)} s (${rawCpu})`,
    };
  },
};
