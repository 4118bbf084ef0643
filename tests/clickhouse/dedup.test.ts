import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-chdb-dedup-'))
process.env.CHDB_PATH = dataDir
delete process.env.CLICKHOUSE_URL
process.env.CLICKHOUSE_MIGRATIONS_DIR = fileURLToPath(new URL('../../clickhouse/migrations', import.meta.url))

const { closeClickHouse, ensureClickHouse, getClickHouse, insertRows, insertSettings, queryRows } = await import(
  '../../lib/clickhouse'
)
const { toClickHouseRow, deterministicEventId } = await import('../../lib/analytics/events')
type Row = ReturnType<typeof toClickHouseRow>

let seq = 0
/** A batch of `n` distinct events for `tenant`. */
function batch(tenant: string, n: number): Row[] {
  return Array.from({ length: n }, () => {
    const i = seq++
    return toClickHouseRow({
      id: deterministicEventId(['dedup-test', String(i)]),
      tenantId: tenant,
      eventType: 'message_sent',
      entityType: 'message',
      entityId: `m${i}`,
      channel: 'email',
      contactId: `c${i}`,
      sourceType: 'campaign',
      campaignId: 'camp1',
      occurredAt: new Date(Date.UTC(2026, 2, 1, 12, 0, i % 60)),
    })
  })
}

async function counts(tenant: string): Promise<{ raw: number; hourly: number; daily: number }> {
  const [r] = await queryRows<{ raw: string; hourly: string; daily: string }>(
    `SELECT
       (SELECT count() FROM analytics_events WHERE tenant_id = {t:String}) AS raw,
       (SELECT sum(events) FROM analytics_hourly WHERE tenant_id = {t:String}) AS hourly,
       (SELECT sum(events) FROM analytics_daily WHERE tenant_id = {t:String}) AS daily`,
    { t: tenant },
  )
  return { raw: Number(r!.raw), hourly: Number(r!.hourly), daily: Number(r!.daily) }
}

const same = (n: number) => ({ raw: n, hourly: n, daily: n })

async function sessionSetting(name: string): Promise<{ value: string; changed: number }> {
  const [r] = await queryRows<{ value: string; changed: number }>(
    'SELECT value, changed FROM system.settings WHERE name = {n:String}',
    { n: name },
  )
  return r!
}

beforeAll(async () => {
  await ensureClickHouse()
})

afterAll(async () => {
  await closeClickHouse()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('insert deduplication', () => {
  it('insertSettings always carries every insert setting (token or empty string)', () => {
    expect(insertSettings()).toEqual({
      async_insert: 0,
      insert_deduplicate: 1,
      insert_deduplication_token: '',
      deduplicate_blocks_in_dependent_materialized_views: 1,
    })
    expect(insertSettings('tok')).toMatchObject({ insert_deduplication_token: 'tok' })
  })

  it('same batch + same token counts once; rollups follow the raw table', async () => {
    const a = batch('t-token', 5)
    await insertRows('analytics_events', a, { dedupToken: 'batch-a' })
    await insertRows('analytics_events', a, { dedupToken: 'batch-a' })
    expect(await counts('t-token')).toEqual(same(5))
  })

  it('a different batch with a different token counts', async () => {
    await insertRows('analytics_events', batch('t-token', 3), { dedupToken: 'batch-b' })
    expect(await counts('t-token')).toEqual(same(8))
  })

  it('the token decides, not the content: same rows under a new token count again', async () => {
    const c = batch('t-token-content', 2)
    await insertRows('analytics_events', c, { dedupToken: 'batch-c1' })
    await insertRows('analytics_events', c, { dedupToken: 'batch-c2' })
    expect(await counts('t-token-content')).toEqual(same(4))
  })

  it('a batch without token right after a tokened insert is NOT dropped', async () => {
    await insertRows('analytics_events', batch('t-after', 4), { dedupToken: 'batch-d' })
    await insertRows('analytics_events', batch('t-after', 4), { dedupToken: 'batch-d' }) // deduped: same token
    await insertRows('analytics_events', batch('t-after', 4)) // no token: must land
    expect(await counts('t-after')).toEqual(same(8))
  })

  it('untokened batches that aggregate to identical rollup rows all count', async () => {
    // Same tenant/campaign/channel/event/hour and one row each ⇒ identical rollup blocks;
    // only the source block ids differ.
    for (let k = 0; k < 3; k++) await insertRows('analytics_events', batch('t-identical-agg', 1))
    expect(await counts('t-identical-agg')).toEqual(same(3))
  })

  it('chDB session settings do not leak: a raw client.insert after a tokened one lands too', async () => {
    await insertRows('analytics_events', batch('t-raw', 2), { dedupToken: 'batch-e' })
    // No clickhouse_settings at all: without the connection-level reset chDB would still
    // hold insert_deduplication_token = 'batch-e' and drop this block.
    await getClickHouse().insert({ table: 'analytics_events', values: batch('t-raw', 2), format: 'JSONEachRow' })
    expect(await counts('t-raw')).toEqual(same(4))
    expect(await sessionSetting('insert_deduplication_token')).toEqual({ value: '', changed: 0 })
  })

  it('settings passed to one query are reset for the next one', async () => {
    await queryRows('SELECT 1', undefined, { settings: { max_threads: 1 } })
    expect(await sessionSetting('max_threads')).toMatchObject({ changed: 0 })
  })

  it('concurrent tokened and untokened inserts do not see each other’s token', async () => {
    const tokened = batch('t-concurrent', 3)
    await Promise.all([
      insertRows('analytics_events', tokened, { dedupToken: 'batch-f' }),
      insertRows('analytics_events', batch('t-concurrent', 3)),
      insertRows('analytics_events', tokened, { dedupToken: 'batch-f' }),
      insertRows('analytics_events', batch('t-concurrent', 3)),
      queryRows('SELECT 1'),
    ])
    expect(await counts('t-concurrent')).toEqual(same(9))
  })
})
