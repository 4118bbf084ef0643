/**
 * The one ClickHouse client for this process.
 *
 * - `CLICKHOUSE_URL` set   → `@clickhouse/client` over HTTP(S) to that server
 *   (`CLICKHOUSE_USER`, `CLICKHOUSE_PASSWORD`, `CLICKHOUSE_DATABASE` — default `herald`).
 * - `CLICKHOUSE_URL` unset → the same client over chDB in-process
 *   (`chdb/connection`), data in `CHDB_PATH` (default `<cwd>/.data/chdb`).
 *
 * chDB binds ONE data directory per process. Nothing is opened at import time:
 * the native library is loaded and the directory opened on the first query.
 *
 * chDB applies `clickhouse_settings` as session-level `SET`s, so a setting passed
 * with one call stays in force for every later call (over HTTP it is per request).
 * Two defences:
 *   1. `insertRows()` always passes every insert setting that matters explicitly
 *      (`insert_deduplication_token` is the token or '').
 *   2. The chDB connection wrapper resets (`SET x = DEFAULT`) any setting an
 *      earlier call set and the current call does not, and runs calls one at a
 *      time, so chDB behaves per-request like the HTTP server.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import {
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
  type ClickHouseSettings,
} from '@clickhouse/client'
import { migrateClickHouse, type MigrationResult } from './clickhouse-migrations'
import { env } from './env'
import { loadEmbedded } from './embedded'

type Connection = NonNullable<ClickHouseClientConfigOptions['connection']>
type ChdbConnection = import('chdb/connection').ChdbConnection
type ChdbParams<M extends 'query' | 'command' | 'exec' | 'insert' | 'ping'> = Parameters<ChdbConnection[M]>[0]

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The analytics database; lib/env.ts has already checked it is a plain identifier. */
export function clickhouseDatabase(): string {
  return env().CLICKHOUSE_DATABASE
}

export function clickhouseMode(): 'server' | 'chdb' {
  return env().CLICKHOUSE_URL ? 'server' : 'chdb'
}

export function chdbPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().CHDB_PATH)
}

// ---------------------------------------------------------------------------
// chDB connection wrapper: lazy open, per-call settings, serialized calls.

/** Settings chdb/connection silently drops (HTTP-layer only, or mapped to a chDB option).
 *  Never track/reset these: `SET wait_end_of_query = DEFAULT` would be UNKNOWN_SETTING. */
const CHDB_DROPPED_SETTINGS = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'default_format',
])

class LazyChdbConnection implements Connection {
  readonly connectionName = 'chdb'
  readonly #path: string
  readonly #database: string
  #conn: Promise<ChdbConnection> | undefined
  /** Settings the chDB session currently holds at a non-default value because a call set them. */
  readonly #sticky = new Set<string>()
  #queue: Promise<unknown> = Promise.resolve()

  constructor(dataPath: string, database: string) {
    this.#path = dataPath
    this.#database = database
  }

  /** The underlying chdb/connection object (opens the data directory). */
  raw(): Promise<ChdbConnection> {
    this.#conn ??= this.#open().catch((err: unknown) => {
      this.#conn = undefined
      throw err
    })
    return this.#conn
  }

  async #open(): Promise<ChdbConnection> {
    mkdirSync(this.#path, { recursive: true })
    const { createChdbConnection } = await loadEmbedded('chdb/connection')
    const conn = createChdbConnection({ path: this.#path })
    try {
      // Parity with the HTTP client's `database` option: unqualified names resolve to it.
      await conn.command({ query: `CREATE DATABASE IF NOT EXISTS \`${this.#database}\`` })
      await conn.command({ query: `USE \`${this.#database}\`` })
    } catch (err) {
      await conn.close().catch(() => {})
      throw err
    }
    return conn
  }

  /** Run one call at a time: chDB settings are session state, so overlapping calls
   *  (an insert awaiting its body while a query runs) would see each other's SETs. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => {})
    return run
  }

  #perCall<P extends { query: string; clickhouse_settings?: ClickHouseSettings }>(params: P): P {
    const current = new Set<string>()
    for (const [k, v] of Object.entries(params.clickhouse_settings ?? {})) {
      if (v !== undefined && !CHDB_DROPPED_SETTINGS.has(k)) current.add(k)
    }
    const resets = [...this.#sticky].filter((k) => !current.has(k) && IDENTIFIER.test(k))
    this.#sticky.clear()
    for (const k of current) this.#sticky.add(k)
    if (resets.length === 0) return params
    const prefix = resets.map((k) => `SET ${k} = DEFAULT; `).join('')
    return { ...params, query: prefix + params.query }
  }

  #call<P extends { query: string; clickhouse_settings?: ClickHouseSettings }, R>(
    params: P,
    fn: (conn: ChdbConnection, params: P) => Promise<R>,
  ): Promise<R> {
    return this.#serial(async () => {
      const conn = await this.raw()
      const before = [...this.#sticky]
      try {
        return await fn(conn, this.#perCall(params))
      } catch (err) {
        // Unknown which SETs ran before the failure: reset all of them next time.
        for (const k of before) this.#sticky.add(k)
        throw err
      }
    })
  }

  // chdb types these params with @clickhouse/client-common 1.23.0, whose ClickHouseSettings
  // differs nominally from the copy bundled in @clickhouse/client 1.23.1; same runtime shape.
  query: Connection['query'] = (params) => this.#call(params, (c, p) => c.query(p as ChdbParams<'query'>))
  command: Connection['command'] = (params) => this.#call(params, (c, p) => c.command(p as ChdbParams<'command'>))
  exec: Connection['exec'] = (params) =>
    this.#call(params, async (c, p) => (await c.exec(p as ChdbParams<'exec'>)) as Awaited<ReturnType<Connection['exec']>>)
  insert: Connection['insert'] = (params) => this.#call(params, (c, p) => c.insert(p as ChdbParams<'insert'>))
  ping: Connection['ping'] = (params) =>
    this.#serial(async () => {
      try {
        const conn = await this.raw()
        return await conn.ping(params as ChdbParams<'ping'>)
      } catch (error) {
        return { success: false as const, error: error instanceof Error ? error : new Error(String(error)) }
      }
    })

  /**
   * Rows already serialised in `format`, handed to chDB as bytes with their settings in the INSERT itself: the text
   * is not copied into a query string, and chDB parses it on its own threads (half the time of an exec for 10,000
   * events). Settings earlier calls left on the session are reset first, as for any other call.
   */
  insertText(table: string, format: TextFormat, body: string, settings: ClickHouseSettings): Promise<void> {
    const inline = Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && !CHDB_DROPPED_SETTINGS.has(k))) as Record<string, string | number>
    // A call that sets nothing on the session: #call's query is then only the resets of what earlier calls set.
    return this.#call({ query: '' }, async (conn, { query }) => {
      if (query.trim()) await conn.command({ query: query.trim() })
      await conn.chdb.rawInsert({ table, values: body, format, settings: inline })
    })
  }

  close = (): Promise<void> =>
    this.#serial(async () => {
      const pending = this.#conn
      this.#conn = undefined
      this.#sticky.clear()
      if (pending) await (await pending.catch(() => undefined))?.close()
    })
}

// ---------------------------------------------------------------------------
// Process-wide singleton (survives Next dev hot reload via globalThis).

interface ClickHouseState {
  client: ClickHouseClient
  mode: 'server' | 'chdb'
  database: string
  chdb?: LazyChdbConnection
  ready?: Promise<MigrationResult>
}

const STATE_KEY = Symbol.for('herald.clickhouse')
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ClickHouseState }
const g = globalThis as GlobalWithState

function serverConfig(database?: string): ClickHouseClientConfigOptions {
  return {
    url: env().CLICKHOUSE_URL,
    username: env().CLICKHOUSE_USER || 'default',
    password: env().CLICKHOUSE_PASSWORD || '',
    database,
    application: 'herald',
  }
}

function createState(): ClickHouseState {
  const database = clickhouseDatabase()
  if (clickhouseMode() === 'server') {
    return { client: createClient(serverConfig(database)), mode: 'server', database }
  }
  const chdb = new LazyChdbConnection(chdbPath(), database)
  return { client: createClient({ connection: chdb }), mode: 'chdb', database, chdb }
}

function state(): ClickHouseState {
  return (g[STATE_KEY] ??= createState())
}

/** The process's ClickHouse client (created lazily; chDB opens on first query). */
export function getClickHouse(): ClickHouseClient {
  return state().client
}

/** The raw chdb/connection (for `.chdb.queryStream`, `.chdb.rawInsert` …); null in server mode.
 *  It bypasses the wrapper: settings passed here stick to the session, so pass them all. */
export async function getChdbConnection(): Promise<ChdbConnection | null> {
  const s = state()
  return s.chdb ? s.chdb.raw() : null
}

/** Close the client (and release the chDB data directory). Next getClickHouse() reopens. */
export async function closeClickHouse(): Promise<void> {
  const s = g[STATE_KEY]
  if (!s) return
  delete g[STATE_KEY]
  await s.ready?.catch(() => {})
  await s.client.close()
}

/** Create the database if needed and apply migrations — once per process (memoised). */
export function ensureClickHouse(): Promise<MigrationResult> {
  const s = state()
  s.ready ??= (async () => {
    if (s.mode === 'server') {
      // The HTTP `database` param must name an existing database, so bootstrap without it.
      const bootstrap = createClient(serverConfig())
      try {
        await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS \`${s.database}\`` })
        // occurred_at is DateTime64(3) without a zone: rows are written as UTC wall time, and
        // toStartOfHour()/toDate() in the rollups use the server zone.
        const rs = await bootstrap.query({ query: 'SELECT timezone() AS tz', format: 'JSONEachRow' })
        const [{ tz } = { tz: '' }] = await rs.json<{ tz: string }>()
        if (!['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'].includes(tz)) {
          console.warn(`[clickhouse] server timezone is ${tz}, not UTC: analytics timestamps will be misread`)
        }
      } finally {
        await bootstrap.close()
      }
    } else {
      await s.client.command({ query: `CREATE DATABASE IF NOT EXISTS \`${s.database}\`` })
    }
    return migrateClickHouse(s.client)
  })().catch((err: unknown) => {
    if (g[STATE_KEY] === s) s.ready = undefined // allow a retry
    throw err
  })
  return s.ready
}

// ---------------------------------------------------------------------------
// Helpers that pass every setting that matters on every call.

/** Insert settings, complete on every call (chDB would otherwise inherit the previous call's). */
export function insertSettings(dedupToken?: string): ClickHouseSettings {
  return {
    async_insert: 0, // synchronous: token semantics are defined for sync inserts
    insert_deduplicate: 1,
    insert_deduplication_token: dedupToken ?? '',
    // A block deduplicated in the source table is still pushed to its materialized views;
    // this makes the rollup targets (which keep a dedup window) drop it as well.
    deduplicate_blocks_in_dependent_materialized_views: 1,
  }
}

const TABLE_NAME = /^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/

export interface InsertRowsOptions {
  /** Same token + same table within the dedup window ⇒ the insert is dropped as a duplicate. */
  dedupToken?: string
  client?: ClickHouseClient
}

function checkInsert(table: string, opts: InsertRowsOptions): void {
  if (!TABLE_NAME.test(table)) throw new Error(`Invalid table name: ${JSON.stringify(table)}`)
  if (opts.dedupToken === '') throw new Error('dedupToken must be non-empty when given')
}

/** Insert rows as JSONEachRow (one block per call) with explicit insert settings. */
export async function insertRows<T extends object>(
  table: string,
  rows: readonly T[],
  opts: InsertRowsOptions = {},
): Promise<void> {
  checkInsert(table, opts)
  if (rows.length === 0) return
  await (opts.client ?? getClickHouse()).insert({
    table,
    values: rows as T[],
    format: 'JSONEachRow',
    clickhouse_settings: insertSettings(opts.dedupToken),
  })
}

/**
 * insertRows for rows already serialised as JSONEachRow text (one JSON object per line): the body goes to ClickHouse
 * as it is, with no per-row work here. `exec`, because `insert` takes JSON formats only as objects to encode.
 */
export function insertJsonEachRow(table: string, body: string, opts: InsertRowsOptions = {}): Promise<void> {
  return insertText(table, 'JSONEachRow', body, opts)
}

/** The text input formats rows may arrive in already serialised. */
export type TextFormat = 'JSONEachRow' | 'JSONCompactEachRow'

/** Rows already serialised in `format` (JSONCompactEachRow: one array a row, values in the table's column order). */
export async function insertText(table: string, format: TextFormat, body: string, opts: InsertRowsOptions = {}): Promise<void> {
  checkInsert(table, opts)
  if (body.length === 0) return
  const embedded = opts.client ? undefined : state().chdb
  if (embedded) return embedded.insertText(table, format, body, insertSettings(opts.dedupToken))
  const { stream } = await (opts.client ?? getClickHouse()).exec({
    query: `INSERT INTO ${table} FORMAT ${format}`,
    values: Readable.from([body], { objectMode: false }),
    clickhouse_settings: insertSettings(opts.dedupToken),
  })
  // The (empty) answer must be read for the HTTP socket to be released.
  stream.resume()
  await finished(stream)
}

/** SELECT → rows (JSONEachRow), with `{name:Type}` query params. */
export async function queryRows<T = Record<string, unknown>>(
  query: string,
  queryParams?: Record<string, unknown>,
  opts: { client?: ClickHouseClient; settings?: ClickHouseSettings } = {},
): Promise<T[]> {
  const rs = await (opts.client ?? getClickHouse()).query({
    query,
    query_params: queryParams,
    format: 'JSONEachRow',
    clickhouse_settings: opts.settings,
  })
  return rs.json<T>()
}
