import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-chdb-rollups-'))
process.env.CHDB_PATH = dataDir
delete process.env.CLICKHOUSE_URL
process.env.CLICKHOUSE_MIGRATIONS_DIR = fileURLToPath(new URL('../../clickhouse/migrations', import.meta.url))

const { closeClickHouse, ensureClickHouse, getClickHouse, insertRows, queryRows } = await import('../../lib/clickhouse')
const { toClickHouseRow, deterministicEventId } = await import('../../lib/analytics/events')

const N = 20_000

// Engine-side generation: rows never enter JS. Spans Jan 28 → Feb 5 (two partitions),
// ~2k hours; NULL campaign/template/contact/duration/value in a share of rows.
const GENERATE = `
INSERT INTO analytics_events
  (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, user_id, source_type, source_id,
   campaign_id, workflow_id, sequence_id, template_id, metadata, occurred_at,
   category, label, value, outcome, duration_seconds, step_index)
SELECT
  generateUUIDv4(number),
  concat('t', toString(number % 3)),
  ['message_sent', 'message_delivered', 'message_opened', 'call_ended', 'funnel_step'][number % 5 + 1],
  'message',
  toString(number),
  ['email', 'sms', 'whatsapp', 'push', 'voice'][intDiv(number, 5) % 5 + 1],
  if(number % 7 = 0, NULL, concat('c', toString(number % 997))),
  NULL,
  'campaign',
  NULL,
  if(number % 4 = 0, NULL, concat('camp', toString(number % 6))),
  NULL,
  NULL,
  if(number % 3 = 0, NULL, concat('tpl', toString(number % 4))),
  '{}',
  toDateTime64('2026-01-28 00:00:00', 3) + toIntervalMillisecond(number * 37123),
  if(number % 5 = 4, 'funnel', ''),
  '',
  if(number % 5 = 4, (number % 100) / 10, NULL),
  if(number % 5 = 3, ['completed', 'refused', 'no_answer', 'busy', 'failed'][number % 25 DIV 5 + 1], ''),
  if(number % 5 = 3, toFloat64(number % 600) + 0.25, NULL),
  if(number % 5 = 4, number % 10, NULL)
FROM numbers(${N})`

const KEYS = 'tenant_id, campaign_id, channel, template_id, event_type'
const MEASURES_RAW = `
  count() AS events,
  count(duration_seconds) AS duration_count,
  round(sum(ifNull(duration_seconds, 0)), 6) AS duration_sum,
  min(duration_seconds) AS duration_min,
  max(duration_seconds) AS duration_max,
  count(value) AS value_count,
  round(sum(ifNull(value, 0)), 6) AS value_sum,
  min(value) AS value_min,
  max(value) AS value_max,
  uniq(contact_id) AS contacts`
// Rollups must be read with merge functions: parts merge lazily.
const MEASURES_ROLLUP = `
  sum(events) AS events,
  sum(duration_count) AS duration_count,
  round(sum(duration_sum), 6) AS duration_sum,
  min(duration_min) AS duration_min,
  max(duration_max) AS duration_max,
  sum(value_count) AS value_count,
  round(sum(value_sum), 6) AS value_sum,
  min(value_min) AS value_min,
  max(value_max) AS value_max,
  uniqMerge(contacts) AS contacts`

function rawBy(bucket: 'hour' | 'day') {
  const expr = bucket === 'hour' ? 'toDateTime(toStartOfHour(occurred_at))' : 'toDate(occurred_at)'
  return queryRows(`
    SELECT tenant_id, ifNull(campaign_id, '') AS campaign_id, channel, ifNull(template_id, '') AS template_id,
           event_type, ${expr} AS bucket, ${MEASURES_RAW}
    FROM analytics_events
    GROUP BY ${KEYS}, bucket ORDER BY ${KEYS}, bucket`)
}

function rollupBy(bucket: 'hour' | 'day') {
  const table = bucket === 'hour' ? 'analytics_hourly' : 'analytics_daily'
  return queryRows(`
    SELECT tenant_id, campaign_id, channel, template_id, event_type, ${bucket} AS bucket, ${MEASURES_ROLLUP}
    FROM ${table}
    GROUP BY ${KEYS}, bucket ORDER BY ${KEYS}, bucket`)
}

const clientEvents = [
  { eventType: 'call_ended', channel: 'voice', outcome: 'completed', durationSeconds: 93.5, contactId: 'c1' },
  { eventType: 'call_ended', channel: 'voice', outcome: 'no_answer', durationSeconds: 0, contactId: 'c2' },
  { eventType: 'intent_detected', channel: 'voice', category: 'intent', label: 'book_demo', value: 0.92, contactId: 'c1' },
  { eventType: 'funnel_step', channel: 'whatsapp', category: 'onboarding', label: 'step', stepIndex: 2, value: 1 },
  { eventType: 'qr_scanned', channel: 'sms', campaignId: null, templateId: null },
] as const

beforeAll(async () => {
  await ensureClickHouse()
  // Keep every insert in its own part so the reads below must merge at query time.
  await getClickHouse().command({ query: 'SYSTEM STOP MERGES analytics_hourly' })
  await getClickHouse().command({ query: 'SYSTEM STOP MERGES analytics_daily' })
  await getClickHouse().command({ query: GENERATE })
  const rows = clientEvents.map((e, i) =>
    toClickHouseRow({
      id: deterministicEventId(['rollups-test', String(i)]),
      tenantId: 't1',
      entityType: 'call',
      entityId: `call-${i}`,
      sourceType: 'voice_agent',
      campaignId: 'camp1',
      templateId: 'tpl1',
      occurredAt: new Date(Date.UTC(2026, 0, 28, 10, i, 0)),
      ...e,
    }),
  )
  await insertRows('analytics_events', rows.slice(0, 2))
  await insertRows('analytics_events', rows.slice(2), { dedupToken: 'rollups-test-batch-2' })
})

afterAll(async () => {
  await closeClickHouse()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('rollups', () => {
  it('raw table holds all generated + client rows', async () => {
    const [{ n }] = await queryRows<{ n: string }>('SELECT count() AS n FROM analytics_events')
    expect(Number(n)).toBe(N + clientEvents.length)
  })

  it('rollups are split across parts (merges stopped), so reads really merge at query time', async () => {
    const parts = await queryRows<{ table: string; n: string }>(
      `SELECT table, count() AS n FROM system.parts
       WHERE database = currentDatabase() AND active AND table IN ('analytics_hourly', 'analytics_daily')
       GROUP BY table ORDER BY table`,
    )
    expect(parts.map((p) => p.table)).toEqual(['analytics_daily', 'analytics_hourly'])
    for (const p of parts) expect(Number(p.n)).toBeGreaterThan(1)
  })

  it('hourly rollup equals the raw aggregation, key by key', async () => {
    const [raw, rollup] = await Promise.all([rawBy('hour'), rollupBy('hour')])
    expect(raw.length).toBeGreaterThan(1000)
    expect(rollup).toEqual(raw)
  })

  it('daily rollup equals the raw aggregation, key by key', async () => {
    const [raw, rollup] = await Promise.all([rawBy('day'), rollupBy('day')])
    expect(raw.length).toBeGreaterThan(100)
    expect(rollup).toEqual(raw)
  })

  it('totals per event type agree across raw, hourly and daily', async () => {
    const q = (from: string, measure: string) =>
      queryRows(`SELECT event_type, ${measure} AS n FROM ${from} GROUP BY event_type ORDER BY event_type`)
    const raw = await q('analytics_events', 'count()')
    expect(await q('analytics_hourly', 'sum(events)')).toEqual(raw)
    expect(await q('analytics_daily', 'sum(events)')).toEqual(raw)
  })

  it('NULL campaign/template land under the empty-string key', async () => {
    const [r] = await queryRows<{ n: string }>(
      `SELECT sum(events) AS n FROM analytics_hourly WHERE tenant_id = 't1' AND event_type = 'qr_scanned' AND campaign_id = '' AND template_id = ''`,
    )
    expect(Number(r!.n)).toBeGreaterThanOrEqual(1)
  })

  it('still equal after the parts are merged', async () => {
    await getClickHouse().command({ query: 'SYSTEM START MERGES analytics_hourly' })
    await getClickHouse().command({ query: 'OPTIMIZE TABLE analytics_hourly FINAL' })
    const [raw, rollup] = await Promise.all([rawBy('hour'), rollupBy('hour')])
    expect(rollup).toEqual(raw)
  })
})
