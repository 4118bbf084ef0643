import { createClient } from '@clickhouse/client'
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { getClickHouse } from '@/lib/clickhouse'
import { batchRows, claimBatch, flushBackoffMs, flushOutbox, markShipped, shipBatch } from '@/lib/analytics/flush'
import { deterministicEventId } from '@/lib/analytics/events'
import { recordEvents } from '@/lib/analytics/outbox'
import { healthStatus } from '@/lib/health/status'
import { createWorkspace } from '../helpers/factory'
import { chCounts, events, once, outboxCounts, recordInCalls, sleep, withAnalyticsStores } from './helpers'

const DEDUP_TABLES = ['analytics_events', 'analytics_hourly', 'analytics_daily']

async function setDedupWindow(blocks: number) {
  for (const t of DEDUP_TABLES) {
    await getClickHouse().command({ query: `ALTER TABLE ${t} MODIFY SETTING non_replicated_deduplication_window = ${blocks}` })
  }
}

/** Records n events (spread over two monthly partitions) for a fresh workspace, in calls of 10: an outbox row each. */
async function tenantWith(n: number) {
  const { workspace } = await createWorkspace()
  await recordInCalls([...events(workspace.id, Math.ceil(n / 2), { month: 0 }), ...events(workspace.id, Math.floor(n / 2), { month: 1 })], 10)
  return workspace.id
}

/** Drains the outbox (ignores other tenants' rows; each test uses its own workspace). */
async function drain() {
  for (let i = 0; i < 20; i++) {
    const r = await flushOutbox()
    expect(r.error).toBeUndefined()
    if (r.shipped === 0) return
  }
}

withAnalyticsStores()

describe('flushOutbox', () => {
  it('ships the outbox to ClickHouse: raw and rollup counts equal the outbox', async () => {
    const t = await tenantWith(250)
    const r = await flushOutbox({ maxRows: 100, budgetMs: 60_000 })
    expect(r).toMatchObject({ shipped: 250, batches: 3 })
    expect(await outboxCounts(t)).toEqual({ total: 250, unshipped: 0 })
    expect(await chCounts(t)).toEqual(once(250))
    expect(await flushOutbox()).toEqual({ shipped: 0, batches: 0 })
  })

  it('counts an event recorded twice (same id) once', async () => {
    const { workspace } = await createWorkspace()
    const withIds = events(workspace.id, 10).map((e, i) => ({ ...e, id: deterministicEventId(['flush-test', workspace.id, String(i)]) }))
    const withoutIds = events(workspace.id, 10)
    await recordEvents(db, [...withIds, ...withIds.slice(0, 3), ...withoutIds])
    await drain()
    // Replayed after shipping: same ids (given, or derived from the content), nothing new to ship.
    expect(await recordEvents(db, [...withIds, ...withoutIds])).toMatchObject({ inserted: 0, duplicates: 20 })
    await drain()
    expect(await chCounts(workspace.id)).toEqual(once(20))
  })

  it('claims whole outbox rows, oldest first, until they hold maxRows events, and at least one row', async () => {
    const { workspace } = await createWorkspace()
    await recordInCalls(events(workspace.id, 95), 30)
    const first = (await claimBatch({ maxRows: 25 }))!
    expect(first).toMatchObject({ events: 30, reclaimed: false })
    expect(batchRows(first)).toHaveLength(30)
    const second = (await claimBatch({ maxRows: 31 }))!
    expect(second.events).toBe(60)
    expect(second.ids.map(BigInt).every((id) => id > BigInt(first.ids[0]!))).toBe(true)
    const last = (await claimBatch({ maxRows: 1 }))!
    expect(last.events).toBe(5)
    expect(await claimBatch()).toBeNull()
    for (const b of [first, second, last]) {
      await shipBatch(b)
      await markShipped(b)
    }
    expect(await chCounts(workspace.id)).toEqual(once(95))
  })

  it('ships the events of one call for several workspaces, each counted in its own', async () => {
    const [a, b] = [(await createWorkspace()).workspace.id, (await createWorkspace()).workspace.id]
    expect(await recordEvents(db, [...events(a, 3), ...events(b, 2), ...events(a, 1)])).toMatchObject({ inserted: 6 })
    await drain()
    expect(await chCounts(a)).toEqual(once(4))
    expect(await chCounts(b)).toEqual(once(2))
  })

  it('leaves a batch under a live lease to its flusher', async () => {
    const t = await tenantWith(10)
    const held = await claimBatch({ leaseMs: 60_000 })
    expect(held?.events).toBe(10)
    expect(await flushOutbox()).toMatchObject({ shipped: 0 })
    expect(await outboxCounts(t)).toEqual({ total: 10, unshipped: 10 })
    await shipBatch(held!)
    expect(await markShipped(held!)).toBe(10)
    expect(await chCounts(t)).toEqual(once(10))
  })
})

describe('a flusher killed between the ClickHouse insert and marking shipped', () => {
  it('re-ships nothing twice: each event once, rollups equal raw', async () => {
    const t = await tenantWith(40)
    const batch = (await claimBatch({ leaseMs: 0 }))!
    expect(batch).toMatchObject({ events: 40, ids: expect.any(Array) })
    expect(batch.ids).toHaveLength(4)
    await shipBatch(batch)
    // …and the process dies here: the rows stay claimed and unshipped.
    expect(await outboxCounts(t)).toEqual({ total: 40, unshipped: 40 })
    expect(await chCounts(t)).toEqual(once(40))
    await sleep(5) // past the (zero) lease
    const r = await flushOutbox()
    expect(r).toMatchObject({ shipped: 40 })
    expect(await outboxCounts(t)).toEqual({ total: 40, unshipped: 0 })
    expect(await chCounts(t)).toEqual(once(40))
  })

  it('re-claims the same rows under the same token', async () => {
    const t = await tenantWith(30)
    const first = (await claimBatch({ leaseMs: 0 }))!
    await sleep(5)
    const again = (await claimBatch({ leaseMs: 0 }))!
    expect(again.token).toBe(first.token)
    expect(again.reclaimed).toBe(true)
    expect(again.ids).toEqual(first.ids)
    expect(again.body).toBe(first.body)
    await drain()
    expect(await chCounts(t)).toEqual(once(30))
  })

  it('drops the late insert of a flusher that was slow, not dead', async () => {
    const t = await tenantWith(30)
    const slow = (await claimBatch({ leaseMs: 0 }))!
    await sleep(5)
    // Its lease ran out before it sent anything: another flusher re-claims and ships the batch.
    expect(await flushOutbox()).toMatchObject({ shipped: 30 })
    expect(await chCounts(t)).toEqual(once(30))
    // Then the slow flusher's insert arrives after all: same rows, same token, dropped.
    await shipBatch(slow)
    expect(await markShipped(slow)).toBe(0)
    expect(await chCounts(t)).toEqual(once(30))
  })

  it('stays exact after ClickHouse has forgotten the token (dedup window passed)', async () => {
    await setDedupWindow(0)
    try {
      // Control: with the window gone, the token alone no longer drops a repeat.
      const control = await tenantWith(4)
      const c = (await claimBatch())!
      expect(batchRows(c).every((r) => r.tenant_id === control)).toBe(true)
      await shipBatch(c)
      await shipBatch(c)
      expect((await chCounts(control)).raw).toBe(8)
      await markShipped(c)

      const t = await tenantWith(30)
      const batch = (await claimBatch({ leaseMs: 0 }))!
      await shipBatch(batch)
      // …crash; the re-claim finds every id already in ClickHouse and only marks the batch.
      await sleep(5)
      expect(await flushOutbox()).toMatchObject({ shipped: 30 })
      expect(await chCounts(t)).toEqual(once(30))
    } finally {
      await setDedupWindow(1000)
    }
  })
})

describe('ClickHouse outage', () => {
  it('keeps the backlog in PostgreSQL, backs off, then ships everything once', async () => {
    const t = await tenantWith(50)
    const down = createClient({ url: 'http://127.0.0.1:9', request_timeout: 2_000 })
    try {
      const r = await flushOutbox({ client: down, maxRows: 20 })
      expect(r.error).toBeTruthy()
      expect(r).toMatchObject({ shipped: 0, retryInMs: 1000 })
    } finally {
      await down.close()
    }
    expect(await outboxCounts(t)).toEqual({ total: 50, unshipped: 50 })
    const health = await healthStatus()
    expect(health.checks.analyticsOutbox!.backlog).toBeGreaterThanOrEqual(50)
    // Still backing off: the next call does nothing.
    expect(await flushOutbox()).toEqual({ shipped: 0, batches: 0, skipped: 'backoff' })
    await sleep(1_100)
    await drain()
    expect(await outboxCounts(t)).toEqual({ total: 50, unshipped: 0 })
    expect(await chCounts(t)).toEqual(once(50))
  })

  it('backs off exponentially up to 5 s, so shipping resumes within seconds of an outage ending', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(flushBackoffMs)).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000])
  })
})

describe('concurrent flushers', () => {
  it('never ship a row twice', async () => {
    const t = await tenantWith(600)
    const results = await Promise.all([1, 2, 3].map(() => flushOutbox({ maxRows: 50, budgetMs: 60_000 })))
    expect(results.reduce((n, r) => n + r.shipped, 0)).toBe(600)
    expect(await chCounts(t)).toEqual(once(600))
  })
})

describe('health', () => {
  it('reports ClickHouse and the outbox lag', async () => {
    await drain()
    const t = await tenantWith(3)
    const before = await healthStatus()
    expect(before).toMatchObject({ ok: true, degraded: false })
    expect(before.checks.clickhouse).toMatchObject({ ok: true })
    expect(before.checks.analyticsOutbox).toMatchObject({ ok: true, backlog: 3, capped: false })
    expect(before.checks.analyticsOutbox!.oldestAgeSeconds).toBeGreaterThanOrEqual(0)
    await drain()
    expect((await healthStatus()).checks.analyticsOutbox).toMatchObject({ backlog: 0, oldestAgeSeconds: 0 })
    expect(await outboxCounts(t)).toEqual({ total: 3, unshipped: 0 })
  })
})
