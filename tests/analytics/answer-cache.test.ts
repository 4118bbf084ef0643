/**
 * Answers of events-only questions are reused until the workspace's events change: the flusher's mark raises the
 * workspace's analytics version, and nothing else retires an answer. Real PostgreSQL and chDB throughout.
 */
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { insertRows } from '@/lib/clickhouse'
import { toClickHouseRow } from '@/lib/analytics/events'
import { recordEvents } from '@/lib/analytics/outbox'
import { flushOutbox } from '@/lib/analytics/flush'
import { analyticsVersion, noteAnalyticsChanged, rememberedAnswer } from '@/lib/analytics/answer-cache'
import { overviewParams, overviewQuestion } from '@/lib/analytics/queries/overview'
import { createWorkspace } from '../helpers/factory'
import { events, withAnalyticsStores } from './helpers'

withAnalyticsStores()

const MARCH = overviewParams.parse({ startDate: '2026-03-01', endDate: '2026-03-31' })
const sent = async (workspaceId: string) => (await overviewQuestion.run(workspaceId, MARCH)).summary.totalMessagesSent

async function drain() {
  for (let i = 0; i < 20; i++) {
    const r = await flushOutbox()
    expect(r.error).toBeUndefined()
    if (r.shipped === 0) return
  }
}

/** Writes events straight into ClickHouse, around the outbox and without noting it: only a reused answer misses them. */
async function writeAround(workspaceId: string, n: number) {
  await insertRows('analytics_events', events(workspaceId, n).map(toClickHouseRow))
}

describe('answer cache', () => {
  it('reuses an answer until a batch of the workspace ships, and the mark of that batch retires it', async () => {
    const { workspace } = await createWorkspace()
    expect(await analyticsVersion(workspace.id)).toBe('0')
    await recordEvents(db, events(workspace.id, 12))
    await drain()
    const v1 = await analyticsVersion(workspace.id)
    expect(Number(v1)).toBeGreaterThan(0)
    expect(await sent(workspace.id)).toBe(12)

    await writeAround(workspace.id, 5)
    expect(await sent(workspace.id)).toBe(12) // reused: ClickHouse was not asked again

    await recordEvents(db, events(workspace.id, 3))
    await drain()
    expect(Number(await analyticsVersion(workspace.id))).toBe(Number(v1) + 1)
    expect(await sent(workspace.id)).toBe(12 + 5 + 3)
  })

  it("another workspace's batch leaves a workspace's answers in place", async () => {
    const [{ workspace: a }, { workspace: b }] = await Promise.all([createWorkspace(), createWorkspace()])
    await recordEvents(db, events(a.id, 4))
    await drain()
    const version = await analyticsVersion(a.id)
    expect(await sent(a.id)).toBe(4)

    await writeAround(a.id, 2)
    await recordEvents(db, events(b.id, 6))
    await drain()
    expect(await analyticsVersion(a.id)).toBe(version)
    expect(await sent(a.id)).toBe(4)
    expect(await sent(b.id)).toBe(6)
  })

  it('a write around the flusher that notes the change is read at once', async () => {
    const { workspace } = await createWorkspace()
    expect(await sent(workspace.id)).toBe(0)
    await writeAround(workspace.id, 7)
    await noteAnalyticsChanged([workspace.id, 'not-a-workspace', workspace.id])
    expect(await analyticsVersion(workspace.id)).toBe('1')
    expect(await sent(workspace.id)).toBe(7)
  })

  it('identical requests together share one computation, each caller gets its own copy, and a failure is not kept', async () => {
    const { workspace } = await createWorkspace()
    let computed = 0
    const compute = async () => {
      computed++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { figures: [1, 2, 3] }
    }
    const [x, y] = await Promise.all([rememberedAnswer(workspace.id, 'q', { p: 1 }, compute), rememberedAnswer(workspace.id, 'q', { p: 1 }, compute)])
    expect(computed).toBe(1)
    x.figures.push(4)
    expect(y.figures).toEqual([1, 2, 3])
    expect((await rememberedAnswer(workspace.id, 'q', { p: 1 }, compute)).figures).toEqual([1, 2, 3])
    expect(computed).toBe(1)
    await rememberedAnswer(workspace.id, 'q', { p: 2 }, compute)
    expect(computed).toBe(2)

    let fail = true
    const flaky = async () => {
      if (fail) throw new Error('ClickHouse unreachable')
      return 'answer'
    }
    await expect(rememberedAnswer(workspace.id, 'r', {}, flaky)).rejects.toThrow('ClickHouse unreachable')
    fail = false
    expect(await rememberedAnswer(workspace.id, 'r', {}, flaky)).toBe('answer')
  })

  it('lanes marking batches of the same workspaces at once each raise the versions, without deadlock', async () => {
    const [{ workspace: a }, { workspace: b }] = await Promise.all([createWorkspace(), createWorkspace()])
    // Twenty outbox rows alternating between the workspaces, shipped in batches of two rows by four lanes.
    for (let i = 0; i < 20; i++) await recordEvents(db, events(i % 2 ? a.id : b.id, 5))
    const r = await flushOutbox({ maxRows: 10, lanes: 4 })
    expect(r).toMatchObject({ shipped: 100, batches: 10 })
    expect(await analyticsVersion(a.id)).toBe('10')
    expect(await analyticsVersion(b.id)).toBe('10')
  })
})
