/**
 * Shared pieces of the analytics tests: event builders and ClickHouse/outbox counters.
 */
import { afterAll, beforeAll } from 'vitest'
import { db } from '@/lib/db'
import { withOwnDatabase } from '../setup/own-database'
import { closeClickHouse, ensureClickHouse, queryRows } from '@/lib/clickhouse'
import type { AnalyticsEventInput } from '@/lib/analytics/events'
import { recordEvents } from '@/lib/analytics/outbox'

/**
 * Opens (and migrates) both stores before the first test, inside the hook timeout. On PostgreSQL the
 * file gets its own database, as it does on PGlite: a flusher ships the whole outbox, so on a database
 * shared between files it would ship another file's events into its own chDB.
 */
export function withAnalyticsStores() {
  withOwnDatabase('herald_analytics')
  beforeAll(async () => {
    await Promise.all([db.$queryRaw`SELECT 1`, ensureClickHouse()])
  })
  afterAll(async () => {
    await closeClickHouse()
  })
}

let seq = 0

/** A valid event for `tenantId`; `month` spreads events over ClickHouse partitions. */
export function event(tenantId: string, patch: Partial<AnalyticsEventInput> & { month?: number } = {}): AnalyticsEventInput {
  const i = seq++
  const { month = 2, ...rest } = patch
  return {
    tenantId,
    eventType: 'message_sent',
    entityType: 'message',
    entityId: `m${i}`,
    channel: 'email',
    contactId: `c${i % 7}`,
    sourceType: 'campaign',
    campaignId: 'camp-1',
    occurredAt: new Date(Date.UTC(2026, month, 1 + (i % 27), i % 24, i % 60, 0, i % 1000)),
    ...rest,
  }
}

export const events = (tenantId: string, n: number, patch?: Parameters<typeof event>[1]) =>
  Array.from({ length: n }, () => event(tenantId, patch))

/**
 * Events of one tenant in the raw table and in every rollup, plus distinct ids in the raw table; `calls` says whether
 * the campaign call rollup holds exactly the raw table's campaign calls.
 */
export async function chCounts(tenantId: string): Promise<{ raw: number; distinct: number; hourly: number; daily: number; tenantDaily: number; calls: boolean }> {
  const [r] = await queryRows<Record<string, string>>(
    `SELECT
       (SELECT count() FROM analytics_events WHERE tenant_id = {t:String}) AS raw,
       (SELECT uniqExact(id) FROM analytics_events WHERE tenant_id = {t:String}) AS distinct,
       (SELECT sum(events) FROM analytics_hourly WHERE tenant_id = {t:String}) AS hourly,
       (SELECT sum(events) FROM analytics_daily WHERE tenant_id = {t:String}) AS daily,
       (SELECT sum(events) FROM analytics_tenant_daily WHERE tenant_id = {t:String}) AS tenantDaily,
       (SELECT count() FROM analytics_events WHERE tenant_id = {t:String} AND event_type = 'call_ended' AND campaign_id IS NOT NULL) AS rawCalls,
       (SELECT sum(events) FROM analytics_campaign_calls_hourly WHERE tenant_id = {t:String}) AS calls`,
    { t: tenantId },
  )
  return { raw: Number(r!.raw), distinct: Number(r!.distinct), hourly: Number(r!.hourly), daily: Number(r!.daily), tenantDaily: Number(r!.tenantDaily), calls: r!.rawCalls === r!.calls }
}

export const once = (n: number) => ({ raw: n, distinct: n, hourly: n, daily: n, tenantDaily: n, calls: true })

/** Outbox events of one workspace: all, and those not yet shipped. */
export async function outboxCounts(workspaceId: string): Promise<{ total: number; unshipped: number }> {
  const [total, unshipped] = await Promise.all([
    db.analyticsOutbox.aggregate({ where: { workspaceId }, _sum: { events: true } }),
    db.analyticsOutbox.aggregate({ where: { workspaceId, shippedAt: null }, _sum: { events: true } }),
  ])
  return { total: total._sum.events ?? 0, unshipped: unshipped._sum.events ?? 0 }
}

/** Records the events in calls of `perCall`, as many callers would: one outbox row each. */
export async function recordInCalls(list: readonly AnalyticsEventInput[], perCall: number): Promise<void> {
  for (let i = 0; i < list.length; i += perCall) await recordEvents(db, list.slice(i, i + perCall))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
