import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { getClickHouse, queryRows } from '@/lib/clickhouse'
import { claimBatch, flushOutbox, shipBatch } from '@/lib/analytics/flush'
import { recordEvents } from '@/lib/analytics/outbox'
import { createWorkspace } from '../helpers/factory'
import { events, withAnalyticsStores } from '../analytics/helpers'

const VIEWS = ['analytics_hourly_mv', 'analytics_daily_mv', 'analytics_tenant_daily_mv']

/** Raw events and each rollup's count for one tenant. */
async function counts(tenantId: string) {
  const [r] = await queryRows<Record<string, string>>(
    `SELECT
       (SELECT count() FROM analytics_events WHERE tenant_id = {t:String}) AS raw,
       (SELECT sum(events) FROM analytics_hourly WHERE tenant_id = {t:String}) AS hourly,
       (SELECT sum(events) FROM analytics_daily WHERE tenant_id = {t:String}) AS daily,
       (SELECT sum(events) FROM analytics_tenant_daily WHERE tenant_id = {t:String}) AS tenant_daily`,
    { t: tenantId },
  )
  return Object.fromEntries(Object.entries(r!).map(([k, v]) => [k, Number(v)]))
}
const all = (n: number) => ({ raw: n, hourly: n, daily: n, tenant_daily: n })

async function setViews(action: 'DETACH' | 'ATTACH') {
  for (const v of VIEWS) await getClickHouse().command({ query: `${action} TABLE ${v}` })
}

withAnalyticsStores()

describe('a flusher that died inside its ClickHouse insert', () => {
  it('re-ships the batch under its token: the rollups catch up with raw, nothing counts twice', async () => {
    const { workspace } = await createWorkspace()
    await recordEvents(db, [...events(workspace.id, 30, { month: 0 }), ...events(workspace.id, 20, { month: 1 })])
    const batch = (await claimBatch({ leaseMs: 0 }))!
    expect(batch.ids).toHaveLength(50)
    // The raw table's parts committed, its materialized views' did not, then the process died (no mark).
    await setViews('DETACH')
    try {
      await shipBatch(batch)
    } finally {
      await setViews('ATTACH')
    }
    expect(await counts(workspace.id)).toEqual({ raw: 50, hourly: 0, daily: 0, tenant_daily: 0 })

    const r = await flushOutbox({ budgetMs: 30_000 })
    expect(r.error).toBeUndefined()
    expect(await counts(workspace.id)).toEqual(all(50))
    // A second crash after that insert (same token again) still counts nothing twice.
    await db.analyticsOutbox.updateMany({ where: { id: { in: batch.ids } }, data: { shippedAt: null, batchId: `${batch.token}@0` } })
    expect((await flushOutbox({ budgetMs: 30_000 })).error).toBeUndefined()
    expect(await counts(workspace.id)).toEqual(all(50))
  })
})
