/**
 * The chDB HTTP stand-in for a ClickHouse server: the app's own ClickHouse code (migrations, outbox flush,
 * analytics questions) runs against it through CLICKHOUSE_URL exactly as it does against a real server.
 */
import { existsSync } from 'node:fs'
import { ClickHouseLogLevel, createClient, type ClickHouseError } from '@clickhouse/client'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnChdbHttpServer, startChdbHttpServer } from '../support/chdb-http-server'

// Before any app module reads the environment: ClickHouse over HTTP, never in process.
const server = await startChdbHttpServer()
process.env.CLICKHOUSE_URL = server.url
const { resetEnvCache } = await import('@/lib/env')
resetEnvCache()

const { db } = await import('@/lib/db')
const { clickhouseMode, closeClickHouse, ensureClickHouse, getClickHouse, insertRows, queryRows } = await import('@/lib/clickhouse')
const { loadMigrations } = await import('@/lib/clickhouse-migrations')
const { flushOutbox } = await import('@/lib/analytics/flush')
const { recordEvents } = await import('@/lib/analytics/outbox')
const { toClickHouseRow } = await import('@/lib/analytics/events')
const { overview, overviewParams } = await import('@/lib/analytics/queries/overview')
const { createWorkspace } = await import('../helpers/factory')
const { chCounts, events, once, withAnalyticsStores } = await import('../analytics/helpers')

withAnalyticsStores()

afterAll(async () => {
  await closeClickHouse()
  await server.close()
})

/** A client of our own on the server (the app's client is bound to the `herald` database). */
function rawClient(database?: string) {
  // Errors are expected in some of these calls: keep the client's error log out of the test output.
  return createClient({ url: server.url, username: 'default', password: 'secret', database, log: { level: ClickHouseLogLevel.OFF } })
}

describe('chDB HTTP server', () => {
  it('serves the app over HTTP: migrations applied through CLICKHOUSE_URL, once', async () => {
    expect(clickhouseMode()).toBe('server')
    const files = (await loadMigrations()).map((m) => m.file)
    const tables = await queryRows<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String}', { db: 'herald' })
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['analytics_events', 'analytics_hourly', 'analytics_daily', 'schema_migrations']))
    // A second process (a fresh client) finds every migration applied.
    await closeClickHouse()
    expect(await ensureClickHouse()).toEqual({ applied: [], alreadyApplied: files })
    expect(server.requests).toBeGreaterThan(files.length)
  })

  it('ships the outbox over HTTP and answers the analytics questions from the rollups', async () => {
    const { workspace } = await createWorkspace()
    await recordEvents(db, [
      ...events(workspace.id, 30, { eventType: 'message_sent' }),
      ...events(workspace.id, 20, { eventType: 'message_delivered' }),
      ...events(workspace.id, 5, { eventType: 'message_opened' }),
    ])
    for (let i = 0; i < 5; i++) if ((await flushOutbox({ maxRows: 20 })).shipped === 0) break
    expect(await chCounts(workspace.id)).toEqual(once(55))
    const march = overviewParams.parse({ startDate: '2026-03-01', endDate: '2026-03-31' })
    const { summary } = await overview(workspace.id, march)
    expect(summary).toMatchObject({ totalMessagesSent: 30, totalDelivered: 20, totalOpened: 5 })
  })

  it('keeps each request to its own settings: a deduplication token does not leak into the next insert', async () => {
    const { workspace } = await createWorkspace()
    const rows = events(workspace.id, 3).map(toClickHouseRow)
    await insertRows('analytics_events', rows, { dedupToken: 'same-token' })
    await insertRows('analytics_events', rows, { dedupToken: 'same-token' })
    expect((await chCounts(workspace.id)).raw).toBe(3)
    const ch = getClickHouse()
    const token = async (settings?: Record<string, string>) =>
      (await (await ch.query({ query: "SELECT getSetting('insert_deduplication_token') AS t", format: 'JSONEachRow', clickhouse_settings: settings })).json<{ t: string }>())[0]!.t
    expect(await token({ insert_deduplication_token: 'abc' })).toBe('abc')
    expect(await token()).toBe('')
  })

  it('speaks the formats, query parameters and ping the client uses', async () => {
    const client = rawClient()
    try {
      expect(await client.ping()).toEqual({ success: true })
      expect(await client.ping({ select: true })).toEqual({ success: true })
      const tricky = "tab\there, quote ' backslash \\ newline\n"
      const rs = await client.query({ query: 'SELECT {s:String} AS s, {xs:Array(UInt8)} AS xs', query_params: { s: tricky, xs: [1, 2] }, format: 'JSON' })
      expect(rs.response_headers['x-clickhouse-format']).toBe('JSON')
      expect((await rs.json<{ s: string; xs: number[] }>()).data).toEqual([{ s: tricky, xs: [1, 2] }])
      const compact = await client.query({ query: 'SELECT toUInt32(number) FROM numbers(3)', format: 'JSONCompactEachRow' })
      expect(await compact.json()).toEqual([[0], [1], [2]])
      const tsv = await client.query({ query: 'SELECT number, toString(number) FROM numbers(2)', format: 'TabSeparated' })
      expect(await tsv.text()).toBe('0\t0\n1\t1\n')
      const { summary, query_id } = await client.command({ query: 'CREATE TABLE IF NOT EXISTS default.t (a UInt32) ENGINE = MergeTree ORDER BY a', query_id: 'my-query' })
      expect(query_id).toBe('my-query')
      expect(summary).toMatchObject({ written_rows: '0' })
      const inserted = await client.insert({ table: 'default.t', values: [{ a: 1 }, { a: 2 }], format: 'JSONEachRow' })
      expect(inserted.summary).toMatchObject({ written_rows: '2' })
      expect((await client.insert({ table: 'default.t', values: [], format: 'JSONEachRow' })).executed).toBe(false)
      const counted = await client.query({ query: 'SELECT toUInt32(count()) AS n FROM default.t', format: 'JSONEachRow' })
      expect(await counted.json()).toEqual([{ n: 2 }])
    } finally {
      await client.close()
    }
  })

  it('answers errors as ClickHouse does: HTTP 500, the code in a header, a parseable message', async () => {
    const client = rawClient('herald')
    try {
      const error = (await client.query({ query: 'SELECT * FROM no_such_table' }).catch((e: unknown) => e)) as ClickHouseError
      expect(error).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' })
      const multi = (await client.command({ query: 'SELECT 1; SELECT 2' }).catch((e: unknown) => e)) as ClickHouseError
      expect(multi).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' })
      const elsewhere = rawClient('no_such_db')
      const wrongDb = (await elsewhere.query({ query: 'SELECT 1' }).catch((e: unknown) => e)) as ClickHouseError
      await elsewhere.close()
      expect(wrongDb).toMatchObject({ code: '81', type: 'UNKNOWN_DATABASE' })
      const res = await fetch(`${server.url}/?query=${encodeURIComponent('SELECT nope')}`)
      expect(res.status).toBe(500)
      expect(res.headers.get('x-clickhouse-exception-code')).toBe('47')
      expect(await res.text()).toMatch(/^Code: 47\. DB::Exception: .*\(UNKNOWN_IDENTIFIER\)/)
      expect(await (await fetch(`${server.url}/ping`)).text()).toBe('Ok.\n')
    } finally {
      await client.close()
    }
  })

  it('runs as a process of its own and stops on SIGTERM, removing its data', async () => {
    const child = await spawnChdbHttpServer()
    const client = rawClient()
    try {
      const other = createClient({ url: child.url, log: { level: ClickHouseLogLevel.OFF } })
      await other.command({ query: 'CREATE TABLE only_there (a UInt8) ENGINE = Memory' })
      const rs = await other.query({ query: "SELECT toUInt8(count()) AS n FROM system.tables WHERE name = 'only_there'", format: 'JSONEachRow' })
      expect(await rs.json()).toEqual([{ n: 1 }])
      await other.close()
      // A separate chDB: the table is not in this process's server.
      const mine = await client.query({ query: "SELECT toUInt8(count()) AS n FROM system.tables WHERE name = 'only_there'", format: 'JSONEachRow' })
      expect(await mine.json()).toEqual([{ n: 0 }])
    } finally {
      await client.close()
      await child.close()
    }
    expect(() => process.kill(child.pid, 0)).toThrow()
    expect(existsSync(child.dataPath)).toBe(false)
  })
})
