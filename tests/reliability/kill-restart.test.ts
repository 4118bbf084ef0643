import { fork, type ChildProcess } from 'node:child_process';
import { once as exitOf } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChdbHttpServer } from '../support/chdb-http-server';

// ClickHouse over HTTP in a process of its own, so the killed children and this process ship to and read one server.
const ch = await spawnChdbHttpServer();
process.env.CLICKHOUSE_URL = ch.url;
const { resetEnvCache } = await import('@/lib/env');
resetEnvCache();

const { db } = await import('@/lib/db');
const { createApiKey } = await import('@/lib/auth/api-keys');
const { deterministicEventId } = await import('@/lib/analytics/events');
const { flushOutbox } = await import('@/lib/analytics/flush');
const { runImport } = await import('@/lib/imports/run');
const { POST: ingest } = await import('@/app/api/v1/events/route');
const { POST: uploadRoute } = await import('@/app/api/imports/route');
const { POST: startRoute } = await import('@/app/api/imports/[id]/start/route');
const { createWorkspace } = await import('../helpers/factory');
const { chCounts, events, once, outboxCounts, recordInCalls, sleep, withAnalyticsStores } = await import('../analytics/helpers');
const { outboxEvents } = await import('../helpers/outbox');
const { generatedCsv } = await import('../imports/fixtures');
const { keysFor, postJson, upload } = await import('../imports/helpers');
const { EVENTS_PER_REQUEST, ingestRequest } = await import('./support/ingest-requests');

withAnalyticsStores();
afterAll(() => ch.close());

function child(script: string, args: string[]): ChildProcess {
  return fork(new URL(`./support/${script}`, import.meta.url).pathname, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** SIGKILLs `c` as soon as `due()` says so (polled every few ms); fails if the child ended on its own first. */
async function killWhen(c: ChildProcess, due: () => Promise<boolean> | boolean) {
  const exited = exitOf(c, 'exit');
  while (!(await due())) {
    if (c.exitCode !== null) throw new Error(`the child exited (${c.exitCode}) before the kill point`);
    await sleep(5);
  }
  c.kill('SIGKILL');
  await exited;
  if (process.env.KILL_TEST_VERBOSE) console.log(`killed ${c.pid} at ${new Date().toISOString()}`);
}

/** A restarted flusher (this process) ships until the outbox is empty; the dead one's batch comes back after its 1 s lease. */
async function drainOutbox(workspaceId: string) {
  const until = Date.now() + 30_000;
  while ((await outboxCounts(workspaceId)).unshipped > 0 && Date.now() < until) {
    const r = await flushOutbox({ maxRows: 500, leaseMs: 1_000 });
    if (r.shipped === 0) await sleep(200);
  }
}

// Each child is a fresh tsx process: its start-up dominates on a busy machine, hence the longer limit.
describe.skipIf(!process.env.DATABASE_URL)('a process SIGKILLed mid-work, then restarted', { timeout: 180_000 }, () => {
  it('outbox flush: every event reaches ClickHouse exactly once, raw and every rollup', async () => {
    const { workspace } = await createWorkspace();
    const n = 4_000;
    // Recorded as many callers do, in calls of 50 (an outbox row each), so a batch of 100 is two rows.
    await recordInCalls(events(workspace.id, n, { month: 3 }), 50);
    // Killed three times at different points of the backlog, in batches of 100 (a kill lands in a claim, an insert or a mark).
    for (const shippedAtKill of [400, 1_600, 2_800]) {
      await killWhen(child('flush-child.ts', ['100']), async () => n - (await outboxCounts(workspace.id)).unshipped >= shippedAtKill);
    }
    expect((await outboxCounts(workspace.id)).unshipped).toBeGreaterThan(0);
    await drainOutbox(workspace.id);
    expect(await outboxCounts(workspace.id)).toEqual({ total: n, unshipped: 0 });
    expect(await chCounts(workspace.id)).toEqual(once(n));
  });

  it('event ingestion through the events API: every acknowledged event is stored once; the client’s retries count nothing twice', async () => {
    const { workspace } = await createWorkspace();
    const { secret } = await createApiKey({ workspaceId: workspace.id, name: 'kill test', role: 'campaign_manager' });
    const c = child('ingest-child.ts', [secret]);
    let acked = -1;
    c.on('message', (m: { acked: number }) => (acked = Math.max(acked, m.acked)));
    await killWhen(c, () => acked >= 15);
    await sleep(50); // acknowledgements already on their way in
    const acknowledged = Array.from({ length: (acked + 1) * EVENTS_PER_REQUEST }, (_, k) =>
      deterministicEventId(['api-idempotency-key', workspace.id, `reliability-${Math.floor(k / EVENTS_PER_REQUEST)}`, String(k % EVENTS_PER_REQUEST)]),
    );
    const stored = (await outboxEvents({ workspaceId: workspace.id })).map((e) => e.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(acknowledged.filter((id) => !stored.includes(id))).toEqual([]);
    expect(await db.analyticsEventId.count({ where: { id: { in: acknowledged }, workspaceId: workspace.id } })).toBe(acknowledged.length);
    // The request in flight at the kill either committed whole or not at all.
    expect([acknowledged.length, acknowledged.length + EVENTS_PER_REQUEST]).toContain((await outboxCounts(workspace.id)).total);

    // After the restart the client sends every request again, the one it never heard back about included.
    const sent = acked + 2;
    for (let i = 0; i < sent; i++) expect((await ingest(ingestRequest(secret, i), { params: Promise.resolve({}) })).status).toBe(202);
    expect((await outboxCounts(workspace.id)).total).toBe(sent * EVENTS_PER_REQUEST);
    await drainOutbox(workspace.id);
    expect(await chCounts(workspace.id)).toEqual(once(sent * EVENTS_PER_REQUEST));
  });

  it('contact import: the import resumes where it was killed and ends exactly as an uninterrupted one', async () => {
    const rows = 6_000;
    const csv = generatedCsv(rows);
    const begin = async () => {
      const { workspace } = await createWorkspace();
      const keys = await keysFor(workspace.id);
      const { body } = await upload(uploadRoute, keys.admin, csv);
      const started = await postJson(startRoute, keys.admin, body.id, { mapping: { email: 'email', first_name: 'first_name', last_name: 'last_name' } });
      expect(started.status).toBeLessThan(300);
      return { workspaceId: workspace.id, importId: body.id as string };
    };
    const state = async ({ workspaceId, importId }: { workspaceId: string; importId: string }) => {
      const imp = await db.contactImport.findUniqueOrThrow({ where: { id: importId } });
      const contacts = await db.contact.findMany({ where: { workspaceId }, select: { email: true, firstName: true, lastName: true }, orderBy: { email: 'asc' } });
      const rejects = await db.contactImportReject.findMany({ where: { importId }, select: { rowNumber: true, reason: true, raw: true }, orderBy: { rowNumber: 'asc' } });
      const { status, processedRows, importedRows, createdRows, updatedRows, skippedRows, rejectedRows, bytesRead } = imp;
      return { counters: { status, processedRows, importedRows, createdRows, updatedRows, skippedRows, rejectedRows, bytesRead }, contacts, rejects };
    };

    const reference = await begin();
    expect(await runImport(reference.importId, { batchSize: 100 })).toBe('completed');

    const killed = await begin();
    const processed = async () => (await db.contactImport.findUniqueOrThrow({ where: { id: killed.importId } })).processedRows;
    for (const at of [1_000, 3_000]) await killWhen(child('import-child.ts', [killed.importId, '100']), async () => (await processed()) >= at);
    expect(await processed()).toBeLessThan(rows);
    expect(await runImport(killed.importId, { batchSize: 100 })).toBe('completed');

    const [want, got] = [await state(reference), await state(killed)];
    expect(got.counters).toEqual(want.counters);
    expect(got.contacts).toHaveLength(want.contacts.length);
    expect(got.contacts).toEqual(want.contacts);
    expect(got.rejects).toEqual(want.rejects);
  });
});
