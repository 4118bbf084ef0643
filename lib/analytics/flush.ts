/**
 * Ships the analytics outbox to ClickHouse, each event exactly once.
 *
 * An outbox row is one recordEvents call's events (one workspace's) as JSONEachRow lines, and never changes once
 * written (the demo's backdating, before any flush, aside). One batch is claim → insert → mark:
 *  1. claim: one statement takes the oldest unclaimed unshipped rows until they hold maxRows events
 *     (FOR UPDATE SKIP LOCKED, so flushers in several processes never share a row) and stamps them
 *     `<token>@<lease-until-ms>`; token = sha256 of the batch's sorted row ids. A batch whose lease has run
 *     out (its flusher died, or its insert failed) is re-claimed first, as the same rows under the same token.
 *  2. insert: the rows' lines, in row id order, go to ClickHouse with insert_deduplication_token = token. The
 *     same batch sent again inside the table's dedup window (its last 1000 blocks) is dropped part by
 *     part, rollups included (lib/clickhouse.ts insertSettings): whatever landed is skipped, whatever
 *     did not is written, and a late copy from a flusher that was slow rather than dead is dropped.
 *  3. mark: shipped_at = now() on the batch's rows.
 *
 * A call works up to two batches at once (lanes: one in PostgreSQL while the other is in ClickHouse), which is
 * the same as two flushers, and looks for stale batches before its first claim only. Payloads are stored in
 * ClickHouse row shape, so a batch leaves PostgreSQL as JSONEachRow text and is shipped without per-event work.
 *
 * The dedup window is finite, so a re-claimed batch first asks ClickHouse whether all its ids already
 * landed (the usual crash: after the insert, before the mark) and every rollup agrees with raw on the
 * batch's days; if so it is only marked, never sent again, so a re-ship is exact even after the window
 * has moved on. A crash inside the insert (raw parts committed, views' not) fails the rollup check, and
 * the re-insert under the same token is dropped by raw but taken by the views that lack it. What remains uncovered needs
 * ClickHouse itself to crash inside one insert (some parts committed, others not) and then more than
 * 1000 blocks before the re-ship, which normally follows within a lease (30 s).
 *
 * Queries: under these rules analytics_events holds each outbox event once and the rollups agree
 * with it, so dashboards read plain count() / sum(events). Rows written around the outbox (a manual
 * re-insert, a backfill) have no such guarantee; a raw-table question that must survive them counts
 * uniqExact(id) (ids are deterministic, so a copy has the same id), and `count() = uniqExact(id)` per
 * tenant is the audit.
 *
 * ClickHouse down: the batch's lease is released, this process backs off (1 s doubling to 5 s), and
 * the backlog waits in PostgreSQL; nothing is dropped. `outboxBacklog()` reports the lag.
 */
import { backoffMs } from '@/lib/backoff'
import { redactSecrets } from '@/lib/log'
import type { ClickHouseClient } from '@clickhouse/client'
import { db } from '@/lib/db'
import { ensureClickHouse, insertJsonEachRow, queryRows } from '@/lib/clickhouse'
import { ANALYTICS_EVENTS_TABLE, type AnalyticsEventRow } from '@/lib/analytics/events'

export interface FlushOptions {
  /** Events per batch (one ClickHouse insert); a batch holds at least one outbox row, however many events it has. */
  maxRows?: number
  /** Time for one call: no new batch starts after it (the local worker runs jobs and crons in one loop). */
  budgetMs?: number
  /** How long a claimed batch belongs to this flusher before another may re-claim it. */
  leaseMs?: number
  /** Batches in flight at once: one is claimed or marked in PostgreSQL while another is inserted into ClickHouse. */
  lanes?: number
  /** ClickHouse client to ship with (default: the process's, after its migrations). */
  client?: ClickHouseClient
}

export interface OutboxBatch {
  /** What the rows carry in batch_id: `<token>@<lease-until-ms>`. */
  stamp: string
  /** insert_deduplication_token: sha256 of the sorted row ids, the same every time the batch is shipped. */
  token: string
  /** True when the batch was claimed before (a crash or a failed insert): ClickHouse may hold some or all of it. */
  reclaimed: boolean
  /** The outbox rows' ids, sorted. */
  ids: string[]
  /** Events in the batch: lines of body. */
  events: number
  /** The rows' bodies joined in id order, one event per line, so every shipment of the batch is the same block. */
  body: string
}

export interface FlushResult {
  /** Events marked shipped by this call. */
  shipped: number
  batches: number
  /** Set when the call stopped on an error; the next attempt waits `retryInMs`. */
  error?: string
  retryInMs?: number
  /** The call did nothing because the flusher is backing off after a failure. */
  skipped?: 'backoff'
}

export const DEFAULT_MAX_ROWS = 10_000
const DEFAULT_BUDGET_MS = 2_000
const DEFAULT_LEASE_MS = 30_000
const DEFAULT_LANES = 2
// Stale batches are looked for among this many oldest unshipped outbox rows: claims take the oldest rows, so a
// stale batch sits at the front (or gets there as the rows before it ship), and the scan stays cheap
// while an outage builds a backlog of millions.
const STALE_SCAN_ROWS = 50_000
// Ids per ClickHouse presence query (they travel as a query parameter in the URL over HTTP).
const PRESENCE_CHUNK = 2_000

const tokenOf = (stamp: string) => stamp.slice(0, stamp.indexOf('@'))
// Numeric order of bigint ids as text: the order PostgreSQL computed the token in.
const byId = (a: { id: string }, b: { id: string }) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Claimed outbox rows as they leave PostgreSQL: their lines are already ClickHouse rows. */
type ClaimedRow = { id: string; events: number; body: string }

function toBatch(stamp: string, reclaimed: boolean, claimed: ClaimedRow[]): OutboxBatch | null {
  if (claimed.length === 0) return null
  claimed.sort(byId)
  return {
    stamp,
    token: tokenOf(stamp),
    reclaimed,
    ids: claimed.map((r) => r.id),
    events: claimed.reduce((n, r) => n + r.events, 0),
    body: claimed.map((r) => r.body).join('\n'),
  }
}

/** The batch's rows as objects: only a re-claimed batch needs them, to ask ClickHouse which of them landed. */
export function batchRows(batch: OutboxBatch): AnalyticsEventRow[] {
  return batch.body.split('\n').map((line) => JSON.parse(line) as AnalyticsEventRow)
}

/** Re-claims the oldest batch whose lease has run out, if any (compare-and-set on its stamp). */
async function reclaimStaleBatch(leaseMs: number): Promise<OutboxBatch | null> {
  const now = Date.now()
  const [stale] = await db.$queryRaw<{ batch_id: string }[]>`
    SELECT batch_id FROM (
      SELECT batch_id, created_at FROM analytics_outbox WHERE shipped_at IS NULL
      ORDER BY created_at LIMIT ${STALE_SCAN_ROWS}) front
    WHERE batch_id IS NOT NULL AND split_part(batch_id, '@', 2)::bigint < ${now}
    ORDER BY created_at LIMIT 1`
  if (!stale) return null
  const stamp = `${tokenOf(stale.batch_id)}@${now + leaseMs}`
  const claimed = await db.$queryRaw<ClaimedRow[]>`
    UPDATE analytics_outbox SET batch_id = ${stamp}
    WHERE batch_id = ${stale.batch_id} AND shipped_at IS NULL
    RETURNING id::text AS id, events, body`
  return toBatch(stamp, true, claimed)
}

/**
 * Claims the oldest unclaimed rows in one statement, up to maxRows events (at least one row), and stamps them,
 * updating them by the ctid they were locked at (a TID scan, whatever the statistics say). Every row holds an event,
 * so maxRows rows are enough to lock; those past the events budget are left unstamped. The stamp is MATERIALIZED
 * because, inlined under a one-row estimate (a new or freshly emptied outbox), it was recomputed per claimed row.
 */
async function claimFreshBatch(maxRows: number, leaseMs: number): Promise<OutboxBatch | null> {
  const lease = String(Date.now() + leaseMs)
  const claimed = await db.$queryRaw<(ClaimedRow & { batch_id: string })[]>`
    WITH locked AS (
      SELECT ctid, id, events, created_at FROM analytics_outbox
      WHERE shipped_at IS NULL AND batch_id IS NULL
      ORDER BY created_at, id LIMIT ${maxRows}
      FOR UPDATE SKIP LOCKED),
    picked AS (
      SELECT ctid, id FROM (
        SELECT ctid, id, sum(events) OVER (ORDER BY created_at, id) - events AS before FROM locked) w
      WHERE before < ${maxRows}),
    batch AS MATERIALIZED (
      SELECT encode(sha256(convert_to(string_agg(id::text, ',' ORDER BY id), 'UTF8')), 'hex') || '@' || ${lease} AS stamp
      FROM picked)
    UPDATE analytics_outbox SET batch_id = (SELECT stamp FROM batch)
    WHERE ctid = ANY(ARRAY(SELECT ctid FROM picked))
    RETURNING id::text AS id, events, body, batch_id`
  return toBatch(claimed[0]?.batch_id ?? '', false, claimed)
}

/** The next batch to ship: a stale one first (so its re-ship stays the same rows), else fresh rows. */
export async function claimBatch(opts: Pick<FlushOptions, 'maxRows' | 'leaseMs'> = {}): Promise<OutboxBatch | null> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
  return (await reclaimStaleBatch(leaseMs)) ?? claimFreshBatch(opts.maxRows ?? DEFAULT_MAX_ROWS, leaseMs)
}

/** Whether ClickHouse already holds every one of these events (the key prefix narrows the scan to a few granules). */
async function allLanded(rows: AnalyticsEventRow[], client?: ClickHouseClient): Promise<boolean> {
  for (let i = 0; i < rows.length; i += PRESENCE_CHUNK) {
    const chunk = rows.slice(i, i + PRESENCE_CHUNK)
    const times = chunk.map((r) => r.occurred_at).sort()
    const [found] = await queryRows<{ n: string }>(
      `SELECT uniqExact(id) AS n FROM ${ANALYTICS_EVENTS_TABLE}
       WHERE tenant_id IN {tenants:Array(String)} AND event_type IN {types:Array(String)}
         AND occurred_at BETWEEN {from:DateTime64(3)} AND {to:DateTime64(3)} AND id IN {ids:Array(UUID)}`,
      {
        tenants: [...new Set(chunk.map((r) => r.tenant_id))],
        types: [...new Set(chunk.map((r) => r.event_type))],
        from: times[0],
        to: times[times.length - 1],
        ids: chunk.map((r) => r.id),
      },
      { client },
    )
    if (Number(found?.n) < chunk.length) return false
  }
  return true
}

/**
 * Whether every rollup agrees with the raw table on the days the rows fall in. A flusher that died inside its insert
 * can leave the raw table's parts committed and its materialized views' not: the raw rows are all there, the rollups
 * are short, and only a re-insert under the same token (raw drops it, the views take what they lack) heals them.
 */
async function rollupsComplete(rows: AnalyticsEventRow[], client?: ClickHouseClient): Promise<boolean> {
  const params = { tenants: [...new Set(rows.map((r) => r.tenant_id))], days: [...new Set(rows.map((r) => String(r.occurred_at).slice(0, 10)))] }
  const [c] = await queryRows<{ raw: string; hourly: string; daily: string; tenant_daily: string; raw_calls: string; calls: string }>(
    `SELECT
       (SELECT count() FROM ${ANALYTICS_EVENTS_TABLE} WHERE tenant_id IN {tenants:Array(String)} AND toDate(occurred_at) IN {days:Array(Date)}) AS raw,
       (SELECT sum(events) FROM analytics_hourly WHERE tenant_id IN {tenants:Array(String)} AND toDate(hour) IN {days:Array(Date)}) AS hourly,
       (SELECT sum(events) FROM analytics_daily WHERE tenant_id IN {tenants:Array(String)} AND day IN {days:Array(Date)}) AS daily,
       (SELECT sum(events) FROM analytics_tenant_daily WHERE tenant_id IN {tenants:Array(String)} AND day IN {days:Array(Date)}) AS tenant_daily,
       (SELECT count() FROM ${ANALYTICS_EVENTS_TABLE} WHERE tenant_id IN {tenants:Array(String)} AND event_type = 'call_ended'
          AND campaign_id IS NOT NULL AND toDate(occurred_at) IN {days:Array(Date)}) AS raw_calls,
       (SELECT sum(events) FROM analytics_campaign_calls_hourly WHERE tenant_id IN {tenants:Array(String)} AND toDate(hour) IN {days:Array(Date)}) AS calls`,
    params,
    { client },
  )
  return !!c && c.raw === c.hourly && c.raw === c.daily && c.raw === c.tenant_daily && c.raw_calls === c.calls
}

/**
 * Inserts the batch into ClickHouse under its token, unless it is a re-claimed batch that fully landed, rollups
 * included. Every insert carries deduplicate_blocks_in_dependent_materialized_views = 1 (insertSettings), so a
 * re-insert that the raw table drops still reaches each view, which keeps what it already has exactly once.
 */
export async function shipBatch(batch: OutboxBatch, client?: ClickHouseClient): Promise<number> {
  if (batch.reclaimed) {
    const rows = batchRows(batch)
    if ((await allLanded(rows, client)) && (await rollupsComplete(rows, client))) return 0
  }
  await insertJsonEachRow(ANALYTICS_EVENTS_TABLE, batch.body, { dedupToken: batch.token, client })
  return batch.events
}

/**
 * Marks the batch's rows shipped and, in the same statement, raises their workspaces' analytics versions, which retires
 * the answers cached before the batch landed (lib/analytics/answer-cache.ts); returns how many events the rows held
 * that were still unshipped. Versions are raised in workspace order, so two lanes marking at once never deadlock.
 */
export async function markShipped(batch: OutboxBatch): Promise<number> {
  const [r] = await db.$queryRaw<{ events: number }[]>`
    WITH marked AS (
      UPDATE analytics_outbox SET shipped_at = now()
      WHERE id = ANY(${batch.ids}::bigint[]) AND shipped_at IS NULL
      RETURNING events, workspace_id),
    raised AS (
      INSERT INTO analytics_versions (workspace_id, version)
      SELECT DISTINCT workspace_id, 1 FROM marked ORDER BY workspace_id
      ON CONFLICT (workspace_id) DO UPDATE SET version = analytics_versions.version + 1, changed_at = now())
    SELECT COALESCE(sum(events), 0)::int AS events FROM marked`
  return r?.events ?? 0
}

/** Lets the next attempt re-claim the batch at once instead of after its lease. */
async function releaseBatch(batch: OutboxBatch): Promise<void> {
  await db.$executeRaw`
    UPDATE analytics_outbox SET batch_id = ${`${batch.token}@0`}
    WHERE batch_id = ${batch.stamp} AND shipped_at IS NULL`
}

// Backoff after a failed flush, per process: 1 s, 2 s, 4 s, then every 5 s. A failed attempt costs one refused
// connection, and the cap bounds how long shipping lags once ClickHouse is back (within 10 s, as promised).
const BACKOFF_CAP_MS = 5_000
const backoff = { failures: 0, retryAt: 0 }

export function flushBackoffMs(failures: number): number {
  return backoffMs(failures, 1000, BACKOFF_CAP_MS)
}

/** What the lanes of one flushOutbox call share. */
interface FlushRun {
  maxRows: number
  leaseMs: number
  until: number
  lanes: number
  client?: ClickHouseClient
  result: FlushResult
  running: Promise<void>[]
  /** Lanes still working. */
  active: number
  /** Set once no stale batch is left, so later claims skip that scan for the rest of the call. */
  staleChecked: boolean
  drained: boolean
  failure?: unknown
}

async function nextBatch(run: FlushRun): Promise<OutboxBatch | null> {
  if (!run.staleChecked) {
    const stale = await reclaimStaleBatch(run.leaseMs)
    if (stale) return stale
    run.staleChecked = true
  }
  return claimFreshBatch(run.maxRows, run.leaseMs)
}

/**
 * One lane: claim → insert → mark, batch after batch, until the outbox is drained, the budget spent or a lane fails.
 * A full batch says more rows wait, so it opens another lane (up to `lanes`): a small backlog costs no extra claims.
 */
async function flushLane(run: FlushRun): Promise<void> {
  let batch: OutboxBatch | null = null
  run.active++
  try {
    do {
      batch = await nextBatch(run)
      if (!batch) {
        run.drained = true
        return
      }
      if (batch.events >= run.maxRows && run.active < run.lanes) run.running.push(flushLane(run))
      await shipBatch(batch, run.client)
      run.result.shipped += await markShipped(batch)
      run.result.batches++
      // A short fresh batch means the outbox is drained; a re-claimed one says nothing about that.
      if (!batch.reclaimed && batch.events < run.maxRows) run.drained = true
      batch = null
    } while (Date.now() < run.until && !run.drained && run.failure === undefined)
  } catch (err) {
    run.failure ??= err
    if (batch) await releaseBatch(batch).catch(() => undefined)
  } finally {
    run.active--
  }
}

/** Ships batches until the outbox is drained or the time budget is spent; never throws. */
export async function flushOutbox(opts: FlushOptions = {}): Promise<FlushResult> {
  if (Date.now() < backoff.retryAt) return { shipped: 0, batches: 0, skipped: 'backoff' }
  const run: FlushRun = {
    maxRows: opts.maxRows ?? DEFAULT_MAX_ROWS,
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    until: Date.now() + (opts.budgetMs ?? DEFAULT_BUDGET_MS),
    lanes: Math.max(1, opts.lanes ?? DEFAULT_LANES),
    client: opts.client,
    result: { shipped: 0, batches: 0 },
    running: [],
    active: 0,
    staleChecked: false,
    drained: false,
  }
  try {
    if (!opts.client) await ensureClickHouse()
    run.running.push(flushLane(run))
    // Lanes add lanes while they run, so wait until the list stops growing.
    for (let waited = 0; waited < run.running.length; ) {
      waited = run.running.length
      await Promise.all(run.running)
    }
  } catch (err) {
    run.failure = err
  }
  if (run.failure === undefined) {
    backoff.failures = 0
    backoff.retryAt = 0
    return run.result
  }
  backoff.failures++
  const retryInMs = flushBackoffMs(backoff.failures)
  backoff.retryAt = Date.now() + retryInMs
  const error = run.failure instanceof Error ? run.failure.message : String(run.failure)
  console.warn(redactSecrets(`[analytics] outbox flush failed (${backoff.failures} in a row), retrying in ${retryInMs / 1000} s: ${error}`))
  return { ...run.result, error, retryInMs }
}
