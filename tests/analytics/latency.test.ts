import { InngestTestEngine } from '@inngest/test'
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { crons } from '@/lib/jobs/registry'
import { startWorker } from '@/lib/jobs/worker'
import { recordEvents } from '@/lib/analytics/outbox'
import { flushOutbox } from '@/lib/analytics/flush'
import { createWorkspace } from '../helpers/factory'
import { chCounts, event, sleep, withAnalyticsStores } from './helpers'

withAnalyticsStores()

describe('analytics.flush-outbox', () => {
  it('is a periodic task on both drivers', async () => {
    expect(crons.find((c) => c.id === 'analytics.flush-outbox')).toMatchObject({ cron: '* * * * *' })
    const { functions } = await import('@/inngest/functions')
    const fn = functions.find((f) => f.id() === 'analytics-flush-outbox')!
    expect(fn).toBeDefined()
    const { workspace } = await createWorkspace()
    await recordEvents(db, [event(workspace.id)])
    // One flush stands in for the step's minute of flushing each second.
    const { result, ctx } = await new InngestTestEngine({ function: fn, steps: [{ id: 'flush', handler: () => flushOutbox() }] }).execute()
    expect(ctx.step.run).toHaveBeenCalledWith('flush', expect.any(Function))
    expect(result).toMatchObject({ shipped: 1 })
    expect((await chCounts(workspace.id)).raw).toBe(1)
  })

  it('makes an event queryable within 5 s on the local worker with default settings', async () => {
    const { workspace } = await createWorkspace()
    const worker = startWorker() // JOBS_POLL_MS default: 1000 ms
    const latencies: number[] = []
    try {
      for (let i = 1; i <= 5; i++) {
        await sleep(Math.random() * 1000) // land anywhere in the poll cycle
        const t0 = performance.now()
        await recordEvents(db, [event(workspace.id)])
        while ((await chCounts(workspace.id)).raw < i) {
          expect(performance.now() - t0).toBeLessThan(5_000)
          await sleep(25)
        }
        latencies.push(Math.round(performance.now() - t0))
      }
    } finally {
      await worker.stop()
    }
    console.log(`event → queryable (ms): ${latencies.join(', ')}`)
    expect(Math.max(...latencies)).toBeLessThan(5_000)
  })
})
