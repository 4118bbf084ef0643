import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { getClickHouse } from '@/lib/clickhouse'
import { claimBatch, flushOutbox, shipBatch } from '@/lib/analytics/flush'
import { recordEvents } from '@/lib/analytics/outbox'
import { ROLLUP_VIEWS } from '@/lib/analytics/events'
import { createWorkspace } from '../helpers/factory'
import { chCounts, events, once, withAnalyticsStores } from '../analytics/helpers'

async function setViews(action: 'DETACH' | 'ATTACH') {
  for (const v of ROLLUP_VIEWS) await getClickHouse().command({ query: `${action} TABLE ${v}` })
}

withAnalyticsStores()

describe('a flusher that died inside its ClickHouse insert', () => {
  it('re-ships the batch under its token: the rollups catch up with raw, nothing counts twice', async () => {
    const { workspace } = await createWorkspace()
    const calls = events(workspace.id, 10, { month: 1, eventType: 'call_ended', entityType: 'call', channel: 'voice', outcome: 'completed', durationSeconds: 42 })
    await recordEvents(db, [...events(workspace.id, 30, { month: 0 }), ...events(workspace.id, 10, { month: 1 }), ...calls])
    const batch = (await claimBatch({ leaseMs: 0 }))!
    expect(batch.events).toBe(50)
    // The raw table's parts committed, its materialized views' did not, then the process died (no mark).
    await setViews('DETACH')
    try {
      await shipBatch(batch)
    } finally {
      await setViews('ATTACH')
    }
    expect(await chCounts(workspace.id)).toEqual({ raw: 50, distinct: 50, hourly: 0, daily: 0, tenantDaily: 0, calls: false })

    const r = await flushOutbox({ budgetMs: 30_000 })
    expect(r.error).toBeUndefined()
    expect(await chCounts(workspace.id)).toEqual(once(50))
    // A second crash after that insert (same token again) still counts nothing twice.
    await db.analyticsOutbox.updateMany({ where: { id: { in: batch.ids.map(BigInt) } }, data: { shippedAt: null, batchId: `${batch.token}@0` } })
    expect((await flushOutbox({ budgetMs: 30_000 })).error).toBeUndefined()
    expect(await chCounts(workspace.id)).toEqual(once(50))
  })
})
