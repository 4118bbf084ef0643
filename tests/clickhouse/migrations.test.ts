import { cpSync, mkdtempSync, appendFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Own chDB data dir for this file (chDB: one data dir per process), before first use.
const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-chdb-migrations-'))
process.env.CHDB_PATH = dataDir
delete process.env.CLICKHOUSE_URL
const MIGRATIONS = fileURLToPath(new URL('../../clickhouse/migrations', import.meta.url))
process.env.CLICKHOUSE_MIGRATIONS_DIR = MIGRATIONS

const { closeClickHouse, ensureClickHouse, getClickHouse, queryRows } = await import('../../lib/clickhouse')
const { migrateClickHouse, splitStatements } = await import('../../lib/clickhouse-migrations')

const tmpDirs: string[] = [dataDir]
function copyMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-ch-mig-'))
  tmpDirs.push(dir)
  cpSync(MIGRATIONS, dir, { recursive: true })
  return dir
}

beforeAll(async () => {
  await ensureClickHouse()
})

afterAll(async () => {
  await closeClickHouse()
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true })
})

describe('migrations', () => {
  it('applied 0001 to 0005 once, recorded in schema_migrations', async () => {
    const rows = await queryRows<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    )
    expect(rows.map((r) => [r.version, r.name])).toEqual([
      ['0001', 'analytics_events'],
      ['0002', 'analytics_rollups'],
      ['0003', 'analytics_tenant_daily'],
      ['0004', 'campaign_call_outcomes'],
      ['0005', 'segment_contacts'],
    ])
    for (const r of rows) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is idempotent: ensure is memoised, a second run applies nothing', async () => {
    expect(ensureClickHouse()).toBe(ensureClickHouse())
    const again = await migrateClickHouse(getClickHouse())
    expect(again).toEqual({ applied: [], alreadyApplied: ['0001_analytics_events.sql', '0002_analytics_rollups.sql', '0003_analytics_tenant_daily.sql', '0004_campaign_call_outcomes.sql', '0005_segment_contacts.sql'] })
    const [{ n }] = await queryRows<{ n: string }>('SELECT count() AS n FROM schema_migrations')
    expect(Number(n)).toBe(5)
  })

  it('applies only new files, in order', async () => {
    const dir = copyMigrations()
    writeFileSync(
      path.join(dir, '0099_probe.sql'),
      `-- two statements; the ';' inside the string must not split
CREATE TABLE IF NOT EXISTS mig_probe (s String) ENGINE = MergeTree ORDER BY s;
INSERT INTO mig_probe VALUES ('a;b');
`,
    )
    const res = await migrateClickHouse(getClickHouse(), { dir })
    expect(res.applied).toEqual(['0099_probe.sql'])
    expect(await queryRows('SELECT s FROM mig_probe')).toEqual([{ s: 'a;b' }])
    expect((await migrateClickHouse(getClickHouse(), { dir })).applied).toEqual([])
  })

  it('rejects an applied migration whose checksum changed, naming the file', async () => {
    const dir = copyMigrations()
    appendFileSync(path.join(dir, '0001_analytics_events.sql'), '\n-- edited\n')
    await expect(migrateClickHouse(getClickHouse(), { dir })).rejects.toThrow(/0001_analytics_events\.sql/)
  })

  it('rejects badly named files', async () => {
    const dir = copyMigrations()
    writeFileSync(path.join(dir, '3_oops.sql'), 'SELECT 1')
    await expect(migrateClickHouse(getClickHouse(), { dir })).rejects.toThrow(/3_oops\.sql/)
  })

  it('splitStatements ignores ; in strings, quoted identifiers and comments', () => {
    const sql = `-- header; comment
CREATE TABLE a (\`x;y\` String DEFAULT 'it''s; fine', z String DEFAULT 'back\\'slash;') ENGINE = Memory;
/* block ; comment */
SELECT "q;q" FROM a;
-- trailing comment only;
`
    expect(splitStatements(sql)).toEqual([
      `-- header; comment
CREATE TABLE a (\`x;y\` String DEFAULT 'it''s; fine', z String DEFAULT 'back\\'slash;') ENGINE = Memory`,
      `/* block ; comment */
SELECT "q;q" FROM a`,
    ])
  })
})

describe('analytics_events schema', () => {
  it('has exactly the spec columns', async () => {
    const cols = await queryRows<{ name: string; type: string; default_kind: string; default_expression: string }>(
      `SELECT name, type, default_kind, default_expression FROM system.columns
       WHERE database = currentDatabase() AND table = 'analytics_events' ORDER BY position`,
    )
    expect(cols.map((c) => [c.name, c.type])).toEqual([
      ['id', 'UUID'],
      ['tenant_id', 'String'],
      ['event_type', 'LowCardinality(String)'],
      ['entity_type', 'LowCardinality(String)'],
      ['entity_id', 'String'],
      ['channel', 'LowCardinality(String)'],
      ['contact_id', 'Nullable(String)'],
      ['user_id', 'Nullable(String)'],
      ['source_type', 'LowCardinality(String)'],
      ['source_id', 'Nullable(String)'],
      ['campaign_id', 'Nullable(String)'],
      ['workflow_id', 'Nullable(String)'],
      ['sequence_id', 'Nullable(String)'],
      ['template_id', 'Nullable(String)'],
      ['metadata', 'String'],
      ['occurred_at', 'DateTime64(3)'],
      ['ingested_at', 'DateTime64(3)'],
      ['category', 'LowCardinality(String)'],
      ['label', 'String'],
      ['value', 'Nullable(Float64)'],
      ['outcome', 'LowCardinality(String)'],
      ['duration_seconds', 'Nullable(Float64)'],
      ['step_index', 'Nullable(UInt16)'],
    ])
    const defaults = Object.fromEntries(
      cols.filter((c) => c.default_kind).map((c) => [c.name, `${c.default_kind} ${c.default_expression}`]),
    )
    expect(defaults).toEqual({
      ingested_at: 'DEFAULT now64(3)',
      category: "DEFAULT ''",
      label: "DEFAULT ''",
      outcome: "DEFAULT ''",
    })
  })

  it('has the spec engine, keys, TTL and settings', async () => {
    const [t] = await queryRows<{
      engine: string
      partition_key: string
      sorting_key: string
      primary_key: string
      create_table_query: string
    }>(
      `SELECT engine, partition_key, sorting_key, primary_key, create_table_query FROM system.tables
       WHERE database = currentDatabase() AND name = 'analytics_events'`,
    )
    expect(t).toMatchObject({
      engine: 'MergeTree',
      partition_key: 'toYYYYMM(occurred_at)',
      sorting_key: 'tenant_id, event_type, occurred_at, id',
      primary_key: 'tenant_id, event_type, occurred_at, id',
    })
    expect(t!.create_table_query).toContain('TTL toDateTime(occurred_at) + toIntervalYear(2)')
    expect(t!.create_table_query).toMatch(/SETTINGS .*index_granularity = 8192/)
    expect(t!.create_table_query).toMatch(/SETTINGS .*non_replicated_deduplication_window = 1000/)
  })

  it('has bloom_filter skip indexes (GRANULARITY 1)', async () => {
    const idx = await queryRows<{ name: string; type: string; expr: string; granularity: string }>(
      `SELECT name, type, expr, granularity FROM system.data_skipping_indices
       WHERE database = currentDatabase() AND table = 'analytics_events' ORDER BY name`,
    )
    expect(idx.map((i) => [i.name, i.type, i.expr, Number(i.granularity)])).toEqual([
      ['idx_campaign_id', 'bloom_filter', 'campaign_id', 1],
      ['idx_channel', 'bloom_filter', 'channel', 1],
      ['idx_contact_id', 'bloom_filter', 'contact_id', 1],
      ['idx_entity_id', 'bloom_filter', 'entity_id', 1],
      ['idx_template_id', 'bloom_filter', 'template_id', 1],
    ])
  })

  it('has the rollup tables and their materialized views', async () => {
    const tables = await queryRows<{ name: string; engine: string; sorting_key: string }>(
      `SELECT name, engine, sorting_key FROM system.tables
       WHERE database = currentDatabase() AND name LIKE 'analytics_%' ORDER BY name`,
    )
    expect(tables).toEqual([
      { name: 'analytics_campaign_calls_hourly', engine: 'AggregatingMergeTree', sorting_key: 'tenant_id, campaign_id, hour, outcome' },
      { name: 'analytics_campaign_calls_hourly_mv', engine: 'MaterializedView', sorting_key: '' },
      { name: 'analytics_daily', engine: 'AggregatingMergeTree', sorting_key: 'tenant_id, campaign_id, channel, template_id, event_type, day' },
      { name: 'analytics_daily_mv', engine: 'MaterializedView', sorting_key: '' },
      { name: 'analytics_events', engine: 'MergeTree', sorting_key: 'tenant_id, event_type, occurred_at, id' },
      { name: 'analytics_hourly', engine: 'AggregatingMergeTree', sorting_key: 'tenant_id, campaign_id, channel, template_id, event_type, hour' },
      { name: 'analytics_hourly_mv', engine: 'MaterializedView', sorting_key: '' },
      { name: 'analytics_tenant_daily', engine: 'AggregatingMergeTree', sorting_key: 'tenant_id, day, channel, event_type' },
      { name: 'analytics_tenant_daily_mv', engine: 'MaterializedView', sorting_key: '' },
    ])
  })

  it('has the columnar copy of contacts that segment counts read, one generation after another per workspace', async () => {
    const [table] = await queryRows<{ engine: string; sorting_key: string }>(
      `SELECT engine, sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'segment_contacts'`,
    )
    expect(table).toEqual({ engine: 'MergeTree', sorting_key: 'workspace_id, generation, id' })
  })
})
