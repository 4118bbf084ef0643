/**
 * Periodic analytics work: ship the outbox to ClickHouse, and drop outbox rows shipped long ago.
 */
import { db } from '@/lib/db'
import { usesInngest } from '@/lib/env'
import { defineCron } from '@/lib/jobs/definition'
import { flushOutbox, type FlushResult } from '@/lib/analytics/flush'

// Inngest crons fire at most once a minute, so there one run keeps flushing each second for most of it.
const INNGEST_RUN_MS = 45_000
const PAUSE_MS = 1_000

async function flushForAWhile(runMs: number): Promise<FlushResult> {
  const total: FlushResult = { shipped: 0, batches: 0 }
  const until = Date.now() + runMs
  for (;;) {
    const r = await flushOutbox()
    total.shipped += r.shipped
    total.batches += r.batches
    if (Date.now() + PAUSE_MS >= until) return { ...total, error: r.error }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
  }
}

/** Every second on the local worker (its poll interval permitting), so an event is queryable within ~2 s. */
export const flushAnalyticsOutbox = defineCron({
  id: 'analytics.flush-outbox',
  everySeconds: 1,
  cron: '* * * * *',
  handler: () => (usesInngest() ? flushForAWhile(INNGEST_RUN_MS) : flushOutbox()),
})

/** Shipped rows are kept this long: within it, replaying an event (same id) is still recognised as a duplicate. */
export const OUTBOX_RETENTION_DAYS = 7
const PRUNE_CHUNK = 10_000

/** Deletes outbox rows shipped more than OUTBOX_RETENTION_DAYS ago, in chunks so no statement runs long. */
export async function pruneShippedOutbox(): Promise<{ deleted: number }> {
  let deleted = 0
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM analytics_outbox WHERE id IN (
        SELECT id FROM analytics_outbox
        WHERE shipped_at < now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})
        LIMIT ${PRUNE_CHUNK})`
    deleted += n
    if (n < PRUNE_CHUNK) return { deleted }
  }
}

export const pruneAnalyticsOutbox = defineCron({
  id: 'analytics.prune-outbox',
  everySeconds: 3600,
  cron: '41 * * * *',
  handler: pruneShippedOutbox,
})
