/**
 * Versioned ClickHouse migrations: `clickhouse/migrations/NNNN_name.sql`, applied in
 * version order and recorded in `schema_migrations`.
 *
 * - Statements in a file are separated by `;` (outside quotes/comments); ClickHouse's
 *   HTTP interface runs one statement per request, so each is sent on its own.
 * - Names are unqualified: they resolve to the client's database (the `database`
 *   option over HTTP; `USE <db>` on the chDB connection).
 * - A migration is recorded only after all its statements succeeded; a failed one is
 *   re-run from its first statement next time, so write statements idempotently
 *   (`IF NOT EXISTS`).
 * - Editing an applied file is an error naming the file (checksum = sha256 of the
 *   file with CRLF normalised to LF).
 * - No cross-process lock: two processes migrating at once may both run a
 *   migration; the `IF NOT EXISTS` DDL keeps that harmless.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ClickHouseClient } from '@clickhouse/client'

export interface Migration {
  version: string
  name: string
  file: string
  sql: string
  checksum: string
}

export interface MigrationResult {
  /** File names applied by this run, in order. */
  applied: string[]
  /** File names that were already applied. */
  alreadyApplied: string[]
}

export interface MigrateOptions {
  /** Defaults to `CLICKHOUSE_MIGRATIONS_DIR` or `<cwd>/clickhouse/migrations`. */
  dir?: string
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/

export function migrationsDir(): string {
  // The folder is read at run time (and shipped by outputFileTracingIncludes), so the bundler must not trace it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.CLICKHOUSE_MIGRATIONS_DIR || path.join(/*turbopackIgnore: true*/ process.cwd(), 'clickhouse', 'migrations'))
}

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex')
}

export async function loadMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(/*turbopackIgnore: true*/ dir)).filter((f) => f.endsWith('.sql')).sort()
  const seen = new Map<string, string>()
  const migrations: Migration[] = []
  for (const file of files) {
    const m = FILE_PATTERN.exec(file)
    if (!m) throw new Error(`ClickHouse migration ${file}: name must match NNNN_name.sql (lowercase, digits, _)`)
    const [, version, name] = m as unknown as [string, string, string]
    const clash = seen.get(version)
    if (clash) throw new Error(`ClickHouse migrations ${clash} and ${file} share version ${version}`)
    seen.set(version, file)
    const filePath = path.join(/*turbopackIgnore: true*/ dir, file)
    const sql = await readFile(/*turbopackIgnore: true*/ filePath, 'utf8')
    migrations.push({ version, name, file, sql, checksum: migrationChecksum(sql) })
  }
  return migrations
}

/**
 * Split SQL on `;` outside string literals, quoted identifiers and comments.
 * Returns statements without the trailing `;`; comment-only chunks are dropped.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = []
  let start = 0
  let hasCode = false
  let i = 0
  const n = sql.length
  const push = (end: number) => {
    const stmt = sql.slice(start, end).trim()
    if (hasCode && stmt) out.push(stmt)
    hasCode = false
  }
  while (i < n) {
    const c = sql[i]!
    const next = sql[i + 1]
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i)
      i = eol === -1 ? n : eol + 1
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      if (end === -1) throw new Error('Unterminated /* comment in migration')
      i = end + 2
    } else if (c === "'" || c === '"' || c === '`') {
      hasCode = true
      i++
      while (i < n && sql[i] !== c) i += sql[i] === '\\' ? 2 : 1
      if (i >= n) throw new Error(`Unterminated ${c} quote in migration`)
      i++ // closing quote; a doubled quote ('') just reopens on the next iteration
    } else if (c === ';') {
      push(i)
      i++
      start = i
    } else {
      if (!/\s/.test(c)) hasCode = true
      i++
    }
  }
  push(n)
  return out
}

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations
(
    version String,
    name String,
    checksum String,
    applied_at DateTime64(3)
)
ENGINE = MergeTree
ORDER BY version`

interface AppliedRow {
  version: string
  name: string
  checksum: string
}

/** Apply pending migrations in order. Idempotent; throws if an applied file changed. */
export async function migrateClickHouse(client: ClickHouseClient, opts: MigrateOptions = {}): Promise<MigrationResult> {
  const migrations = await loadMigrations(opts.dir)
  await client.command({ query: MIGRATIONS_TABLE_DDL })

  const rs = await client.query({
    query: 'SELECT version, any(name) AS name, any(checksum) AS checksum FROM schema_migrations GROUP BY version',
    format: 'JSONEachRow',
  })
  const applied = new Map((await rs.json<AppliedRow>()).map((r) => [r.version, r]))

  // Verify every applied file before running anything new.
  for (const m of migrations) {
    const row = applied.get(m.version)
    if (row && row.checksum !== m.checksum) {
      throw new Error(
        `ClickHouse migration ${m.file} was modified after it was applied ` +
          `(recorded checksum ${row.checksum.slice(0, 12)}…, file ${m.checksum.slice(0, 12)}…). ` +
          'Add a new migration instead of editing an applied one.',
      )
    }
  }

  const result: MigrationResult = { applied: [], alreadyApplied: [] }
  for (const m of migrations) {
    if (applied.has(m.version)) {
      result.alreadyApplied.push(m.file)
      continue
    }
    for (const statement of splitStatements(m.sql)) {
      try {
        await client.command({ query: statement })
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err)
        throw new Error(`ClickHouse migration ${m.file} failed: ${msg}\n--- statement ---\n${statement}`, { cause: err })
      }
    }
    await client.command({
      query:
        'INSERT INTO schema_migrations (version, name, checksum, applied_at) ' +
        'VALUES ({version:String}, {name:String}, {checksum:String}, now64(3))',
      query_params: { version: m.version, name: m.name, checksum: m.checksum },
      // Explicit on every call (chDB keeps settings per session).
      clickhouse_settings: { async_insert: 0, insert_deduplicate: 1, insert_deduplication_token: '' },
    })
    result.applied.push(m.file)
  }
  return result
}
