/**
 * A stand-in for a ClickHouse server: chDB behind enough of ClickHouse's HTTP interface for
 * `@clickhouse/client` (`createClient({ url })`) to work against it unchanged.
 *
 *   const ch = await startChdbHttpServer({ port: 8123 })   // ch.url = 'http://127.0.0.1:8123'
 *   tsx tests/support/chdb-http-server.ts --port 8123 [--path DIR]
 *
 * What it speaks (what the client sends, see @clickhouse/client's node_base_connection):
 * - `GET /ping` and `GET /` → `Ok.\n`.
 * - `POST /?query_id=…&database=…&<settings>&param_<name>=…` with the SQL in the body; or the SQL in `query`
 *   with the body appended after a newline (inserts: `INSERT … FORMAT JSONEachRow` + rows). GET takes `query` only.
 * - The output format is the query's own `FORMAT` clause, else `default_format`, else TabSeparated (as ClickHouse).
 * - Settings become session `SET`s and are reset before the next request that does not pass them, so each request
 *   sees only its own settings; HTTP-layer settings chDB does not know are dropped.
 * - Errors: HTTP 500, `X-ClickHouse-Exception-Code`, body `Code: N. DB::Exception: … (TYPE) (version …)`.
 * - Credentials (basic auth, `X-ClickHouse-User`/`-Key`, `user`/`password` params) are accepted and ignored;
 *   `session_id` is accepted but every request shares one chDB session; one statement per request, as ClickHouse.
 *
 * chDB binds one data directory per process, so run one server per process (a temp dir unless `path` is given);
 * `spawnChdbHttpServer` starts one in a child process.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { splitStatements } from '../../lib/clickhouse-migrations'

export interface ChdbHttpServer {
  /** Base URL for `CLICKHOUSE_URL`, e.g. `http://127.0.0.1:8123`. */
  url: string
  port: number
  /** chDB data directory in use. */
  dataPath: string
  /** Number of SQL requests served (pings excluded). */
  readonly requests: number
  close(): Promise<void>
}

export interface ChdbHttpServerOptions {
  /** 0 or unset: any free port. */
  port?: number
  host?: string
  /** chDB data directory; unset: a fresh temp directory removed on close. */
  path?: string
}

/** URL parameters that are part of the HTTP protocol, not settings. */
const PROTOCOL_PARAMS = new Set([
  'query',
  'database',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'default_format',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'stacktrace',
  'client_protocol_version',
  'close_session',
])

/** Settings that only the HTTP server layer knows; chDB rejects them (UNKNOWN_SETTING). */
const HTTP_ONLY_SETTINGS = new Set([
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'http_wait_end_of_query',
  'cancel_http_readonly_queries_on_client_close',
  'add_http_cors_header',
])

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i
const INSERT_FORMAT = /^\s*INSERT\b[\s\S]*?\bFORMAT\s+([A-Za-z0-9_]+)/i
const CH_ERROR = /Code: (\d+)\.[\s\S]*?Exception: /

class ClickHouseHttpError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(`Code: ${code}. DB::Exception: ${message}. (${type})`)
  }
}

/** ClickHouse SQL string literal (backslash escapes, as the server parses them). */
function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

function contentType(format: string): string {
  const f = format.toLowerCase()
  if (f.startsWith('json')) return 'application/json; charset=UTF-8'
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8'
  if (f.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent'
  return 'text/plain; charset=UTF-8'
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  const encoding = req.headers['content-encoding']
  if (encoding === 'gzip') return gunzipSync(raw)
  if (encoding && encoding !== 'identity') {
    throw new ClickHouseHttpError(1, 'UNSUPPORTED_METHOD', `Unknown Content-Encoding ${encoding}`)
  }
  return raw
}

/** The `multipart/form-data` body the client sends with `use_multipart_params`: `query` and `param_*` fields. */
function parseMultipart(body: Buffer, contentTypeHeader: string): Map<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentTypeHeader)
  const fields = new Map<string, string>()
  if (!boundary) return fields
  const delimiter = `--${boundary[1] ?? boundary[2]}`
  for (const part of body.toString('utf8').split(delimiter)) {
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd < 0) continue
    const name = /name="([^"]*)"/.exec(part.slice(0, headerEnd))?.[1]
    if (name === undefined) continue
    fields.set(name, part.slice(headerEnd + 4).replace(/\r\n$/, ''))
  }
  return fields
}

interface SqlRequest {
  sql: string
  /** Data that follows the statement (insert rows), already joined to `sql`. */
  hasData: boolean
  /** Non-empty lines of that data: the rows of a line-based format (chDB reports no written rows). */
  dataLines: number
  database: string
  defaultFormat: string
  settings: Map<string, string>
  params: Map<string, string>
  queryId: string
}

async function parseRequest(req: IncomingMessage, url: URL): Promise<SqlRequest> {
  const search = url.searchParams
  let body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0)
  const params = new Map<string, string>()
  const settings = new Map<string, string>()
  let query = search.get('query')
  const type = req.headers['content-type'] ?? ''
  if (type.startsWith('multipart/form-data')) {
    for (const [k, v] of parseMultipart(body, type)) {
      if (k === 'query') query = v
      else if (k.startsWith('param_')) params.set(k.slice('param_'.length), v)
    }
    body = Buffer.alloc(0)
  }
  for (const [k, v] of search) {
    if (k.startsWith('param_')) params.set(k.slice('param_'.length), v)
    else if (!PROTOCOL_PARAMS.has(k) && !HTTP_ONLY_SETTINGS.has(k)) settings.set(k, v)
  }
  const text = body.toString('utf8')
  const sql = query === null ? text : text.length > 0 ? `${query}\n${text}` : query
  if (sql.trim().length === 0) throw new ClickHouseHttpError(62, 'SYNTAX_ERROR', 'Empty query')
  return {
    sql,
    hasData: query !== null && text.length > 0,
    dataLines: query !== null ? text.split('\n').filter((line) => line.trim().length > 0).length : 0,
    database: search.get('database') || req.headers['x-clickhouse-database']?.toString() || 'default',
    defaultFormat: search.get('default_format') || req.headers['x-clickhouse-format']?.toString() || 'TabSeparated',
    settings,
    params,
    queryId: search.get('query_id') || crypto.randomUUID(),
  }
}

type ChdbSession = ReturnType<typeof import('chdb/connection').createChdbConnection>['chdb']

/** Runs requests one at a time on one chDB session, giving each only its own settings and database. */
class SessionRunner {
  #queue: Promise<unknown> = Promise.resolve()
  /** Settings the session holds because an earlier request set them. */
  #sticky = new Set<string>()

  constructor(private readonly session: ChdbSession) {}

  run(request: SqlRequest) {
    const job = this.#queue.then(() => this.#execute(request))
    this.#queue = job.catch(() => {})
    return job
  }

  async #execute(request: SqlRequest) {
    const statement = request.hasData ? request.sql : request.sql.trim()
    const insertFormat = INSERT_FORMAT.exec(statement)?.[1]
    if (!insertFormat && splitStatements(statement).length > 1) {
      throw new ClickHouseHttpError(62, 'SYNTAX_ERROR', 'Multi-statements are not allowed')
    }
    // An insert with no rows is a no-op over HTTP (chDB alone answers NO_DATA_TO_INSERT).
    if (insertFormat && !/\bFORMAT\s+[A-Za-z0-9_]+\s*\n?\s*\S/i.test(statement)) {
      return { body: Buffer.alloc(0), format: insertFormat, rowsRead: 0, bytesRead: 0, elapsed: 0, written: true, writtenRows: 0 }
    }
    const prefix: string[] = []
    for (const k of this.#sticky) if (!request.settings.has(k)) prefix.push(`SET ${k} = DEFAULT`)
    for (const [k, v] of request.settings) {
      if (!IDENTIFIER.test(k)) throw new ClickHouseHttpError(115, 'UNKNOWN_SETTING', `Unknown setting ${k}`)
      prefix.push(`SET ${k} = ${sqlString(v)}`)
    }
    for (const [k, v] of request.params) {
      if (!IDENTIFIER.test(k)) throw new ClickHouseHttpError(456, 'UNKNOWN_QUERY_PARAMETER', `Bad parameter ${k}`)
      prefix.push(`SET param_${k} = ${sqlString(v)}`)
    }
    prefix.push(`USE \`${request.database.replace(/`/g, '')}\``)
    // Reset everything next time if this request fails part-way through its SETs.
    for (const k of request.settings.keys()) this.#sticky.add(k)
    const format = insertFormat ?? TRAILING_FORMAT.exec(statement)?.[1] ?? request.defaultFormat
    // Apart from the statement, so that chDB's row counts (the summary header) are the statement's own.
    await this.session.queryAsync(prefix.join('; '), { format: 'TabSeparated' })
    const result = await this.session.queryAsync(statement, { format })
    this.#sticky = new Set(request.settings.keys())
    return {
      body: Buffer.from(result.bytes()),
      format,
      rowsRead: result.rowsRead,
      bytesRead: result.bytesRead,
      elapsed: result.elapsed,
      written: Boolean(insertFormat),
      writtenRows: insertFormat ? Math.max(result.rowsRead, request.dataLines) : 0,
    }
  }
}

function errorAnswer(err: unknown): { code: number; body: string } {
  const message = err instanceof Error ? err.message : String(err)
  // chDB sometimes nests the server message in its own (`Code: N. DB::Exception: Code: N. DB::Exception: …`).
  const inner = message.lastIndexOf('Code: ')
  const text = inner > 0 && CH_ERROR.test(message.slice(inner)) ? message.slice(inner) : message
  const code = Number(CH_ERROR.exec(text)?.[1] ?? 1001)
  const body = CH_ERROR.test(text) ? text : `Code: ${code}. DB::Exception: ${text}. (STD_EXCEPTION)`
  return { code, body: `${body.replace(/\s*\(version [^)]*\)\s*$/, '')} (version chdb-http)\n` }
}

export async function startChdbHttpServer(options: ChdbHttpServerOptions = {}): Promise<ChdbHttpServer> {
  const ownsDir = !options.path
  const dataPath = options.path ?? mkdtempSync(path.join(tmpdir(), 'chdb-http-'))
  const { createChdbConnection } = await import('chdb/connection')
  const connection = createChdbConnection({ path: dataPath })
  const runner = new SessionRunner(connection.chdb)
  let requests = 0

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n')
      return
    }
    if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('There is no handle ' + url.pathname + '\n')
      return
    }
    let queryId = url.searchParams.get('query_id') || ''
    try {
      const request = await parseRequest(req, url)
      queryId = request.queryId
      requests++
      const result = await runner.run(request)
      const summary = {
        read_rows: String(result.rowsRead),
        read_bytes: String(result.bytesRead),
        written_rows: String(result.writtenRows),
        written_bytes: result.written ? String(result.bytesRead) : '0',
        total_rows_to_read: '0',
        result_rows: result.written ? '0' : String(result.rowsRead),
        result_bytes: result.written ? '0' : String(result.body.length),
        elapsed_ns: String(Math.round(result.elapsed * 1e9)),
      }
      const gzip =
        request.settings.get('enable_http_compression') === '1' || url.searchParams.get('enable_http_compression') === '1'
      const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
      const body = gzip && acceptsGzip ? gzipSync(result.body) : result.body
      res.writeHead(200, {
        'Content-Type': contentType(result.format),
        'X-ClickHouse-Query-Id': request.queryId,
        'X-ClickHouse-Format': result.format,
        'X-ClickHouse-Timezone': 'UTC',
        'X-ClickHouse-Server-Display-Name': 'chdb-http',
        'X-ClickHouse-Summary': JSON.stringify(summary),
        ...(body !== result.body ? { 'Content-Encoding': 'gzip' } : {}),
      })
      res.end(body)
    } catch (err) {
      const { code, body } = errorAnswer(err)
      res.writeHead(500, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(code),
        ...(queryId ? { 'X-ClickHouse-Query-Id': queryId } : {}),
      })
      res.end(body)
    }
  }

  // ClickHouse takes URIs up to 1 MiB (http_max_uri_size); Node's 16 KB default would refuse a query whose parameters
  // carry a re-claimed outbox batch's ids with a bare 431.
  const server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500)
      res.end(String(err))
    })
  })
  server.keepAliveTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port, address } = server.address() as AddressInfo
  let closed: Promise<void> | undefined
  return {
    url: `http://${address}:${port}`,
    port,
    dataPath,
    get requests() {
      return requests
    },
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await connection.close()
        if (ownsDir) rmSync(dataPath, { recursive: true, force: true })
      })()
      return closed
    },
  }
}

/**
 * The same server in a process of its own (so the caller's process keeps its own chDB free), e.g. beside a production
 * build in a journey. Resolves once it listens; `close()` stops it (SIGTERM) and waits for it to exit.
 */
export async function spawnChdbHttpServer(
  options: { port?: number; path?: string } = {},
): Promise<{ url: string; dataPath: string; pid: number; close(): Promise<void> }> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--port', String(options.port ?? 0)]
  if (options.path) args.push('--path', options.path)
  // The IPC channel is how the server notices its parent is gone: a test file whose suites were all skipped never runs
  // its afterAll, and its worker exits with the server still running.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  child.channel?.unref()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const [url, dataPath] = await new Promise<[string, string]>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const m = /listening on (\S+) data (.+)\n/.exec(out)
      if (m) resolve([m[1]!, m[2]!])
    })
    child.once('exit', (code) => reject(new Error(`chdb-http-server exited (${code}) before listening: ${out}`)))
  })
  return {
    url,
    dataPath,
    pid: child.pid!,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const server = await startChdbHttpServer({ port: Number(argValue(args, '--port') ?? 0), path: argValue(args, '--path') })
  console.log(`chdb-http-server listening on ${server.url} data ${server.dataPath}`)
  const stop = () => void server.close().then(() => process.exit(0))
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop)
  // Spawned by spawnChdbHttpServer: stop with the parent, however it ended.
  if (process.send) process.once('disconnect', stop)
}
