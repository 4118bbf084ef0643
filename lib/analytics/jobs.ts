/**
 * Periodic analytics work: ship the outbox to ClickHouse, and drop outbox rows shipped, and event ids recorded, long ago.
 */
import { db } from '@/lib/db'
import { defineCron } from '@/lib/jobs/definition'
import { flushOutbox, type FlushResult } from '@/lib/analytics/flush'

const PAUSE_MS = 1_000

/**
 * Flushes once a second until the minute ends (or `signal` aborts), so an event is queryable within ~2 s although
 * crons fire at most once a minute.
 */
export async function flushUntilMinuteEnds(signal: AbortSignal): Promise<FlushResult> {
  const total: FlushResult = { shipped: 0, batches: 0 }
  const until = Math.ceil((Date.now() + 1) / 60_000) * 60_000
  for (;;) {
    const r = await flushOutbox()
    total.shipped += r.shipped
    total.batches += r.batches
    if (signal.aborted || Date.now() + PAUSE_MS >= until) return { ...total, error: r.error }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
}

/** Each minute, on either driver: one run that keeps the outbox flushed each second for that minute. */
export const flushAnalyticsOutbox = defineCron({
  id: 'analytics.flush-outbox',
  cron: '* * * * *',
  handler: ({ step, signal }) => step.run('flush', () => flushUntilMinuteEnds(signal)),
})

/**
 * Shipped outbox rows and recorded event ids are kept this long: dedup is promised only within it, so an event replayed
 * (same id) later than that after it was first recorded is recorded, and counted, again.
 */
export const OUTBOX_RETENTION_DAYS = 7
const PRUNE_CHUNK = 10_000

/**
 * Deletes outbox rows shipped, and event ids recorded, more than OUTBOX_RETENTION_DAYS ago, in chunks so no statement
 * runs long. `deleted` counts outbox rows, `ids` event ids.
 */
export async function pruneShippedOutbox(): Promise<{ deleted: number; ids: number }> {
  const deleted = await inChunks(
    () => db.$executeRaw`
      DELETE FROM analytics_outbox WHERE id IN (
        SELECT id FROM analytics_outbox
        WHERE shipped_at < now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})
        LIMIT ${PRUNE_CHUNK})`,
  )
  const ids = await inChunks(
    () => db.$executeRaw`
      DELETE FROM analytics_event_ids WHERE id IN (
        SELECT id FROM analytics_event_ids
        WHERE created_at < now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})
        LIMIT ${PRUNE_CHUNK})`,
  )
  return { deleted, ids }
}

/** Runs a delete of at most PRUNE_CHUNK rows until one deletes fewer; returns the total. */
async function inChunks(deleteChunk: () => Promise<number>): Promise<number> {
  let total = 0
  for (;;) {
    const n = await deleteChunk()
    total += n
    if (n < PRUNE_CHUNK) return total
  }
}

export const pruneAnalyticsOutbox = defineCron({
  id: 'analytics.prune-outbox',
  cron: '41 * * * *',
  handler: ({ step }) => step.run('prune', pruneShippedOutbox),
})
