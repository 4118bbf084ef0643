import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { deterministicEventId } from '@/lib/analytics/events'
import { pruneShippedOutbox } from '@/lib/analytics/jobs'
import { outboxBacklog, recordEvents } from '@/lib/analytics/outbox'
import { createWorkspace } from '../helpers/factory'
import { event, events, outboxCounts, withAnalyticsStores } from './helpers'
import { countOutboxEvents, outboxEvents } from '../helpers/outbox'

withAnalyticsStores()

describe('recordEvents', () => {
  it('writes each event once and reports inserted vs duplicate', async () => {
    const { workspace } = await createWorkspace()
    const batch = events(workspace.id, 5)
    const first = await recordEvents(db, batch)
    expect(first).toMatchObject({ inserted: 5, duplicates: 0, conflicts: 0 })
    const again = await recordEvents(db, batch)
    expect(again).toMatchObject({ inserted: 0, duplicates: 5, conflicts: 0 })
    // Same content, same ids: ids were derived from the content, not drawn at random.
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id))
    expect(await outboxCounts(workspace.id)).toEqual({ total: 5, unshipped: 5 })
    // One outbox row for the call, its events in input order; the replay wrote none.
    expect(await db.analyticsOutbox.count({ where: { workspaceId: workspace.id } })).toBe(1)
    expect((await outboxEvents({ workspaceId: workspace.id })).map((e) => e.id)).toEqual(first.events.map((e) => e.id))
  })

  it('puts only the new events of a call into its outbox row, one row per workspace', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const seen = events(a.workspace.id, 2)
    await recordEvents(db, seen)
    const fresh = [event(a.workspace.id), event(b.workspace.id), event(a.workspace.id)]
    const r = await recordEvents(db, [seen[0]!, ...fresh, seen[1]!])
    expect(r.events.map((e) => e.status)).toEqual(['duplicate', 'inserted', 'inserted', 'inserted', 'duplicate'])
    const rows = await db.analyticsOutbox.findMany({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] } }, orderBy: { id: 'asc' } })
    expect(rows.map((row) => [row.workspaceId, row.events])).toEqual(expect.arrayContaining([[a.workspace.id, 2], [a.workspace.id, 2], [b.workspace.id, 1]]))
    expect(rows).toHaveLength(3)
    expect((await outboxEvents({ workspaceId: a.workspace.id })).map((e) => e.id)).toEqual([r.events[0]!.id, r.events[4]!.id, r.events[1]!.id, r.events[3]!.id])
    expect((await outboxEvents({ workspaceId: b.workspace.id })).map((e) => e.payload)).toEqual([expect.objectContaining({ id: r.events[2]!.id, tenant_id: b.workspace.id })])
  })

  it('writes only the new lines when one workspace repeats some of its events, and the whole text when none', async () => {
    const { workspace } = await createWorkspace()
    const seen = events(workspace.id, 2)
    const first = await recordEvents(db, seen)
    const fresh = events(workspace.id, 3)
    const r = await recordEvents(db, [fresh[0]!, seen[0]!, fresh[1]!, seen[1]!, fresh[2]!])
    expect(r.events.map((e) => e.status)).toEqual(['inserted', 'duplicate', 'inserted', 'duplicate', 'inserted'])
    const rows = await db.analyticsOutbox.findMany({ where: { workspaceId: workspace.id }, orderBy: { id: 'asc' } })
    expect(rows.map((row) => row.events)).toEqual([2, 3])
    expect((await outboxEvents({ workspaceId: workspace.id })).map((e) => e.id)).toEqual([
      ...first.events.map((e) => e.id),
      r.events[0]!.id,
      r.events[2]!.id,
      r.events[4]!.id,
    ])
  })

  it('records a long call in chunks with the same answers: a repeat in a later chunk is a duplicate of the first', async () => {
    const { workspace } = await createWorkspace()
    const seen = events(workspace.id, 1)
    await recordEvents(db, seen)
    const batch = events(workspace.id, 1_200)
    const input = [...batch.slice(0, 700), batch[10]!, seen[0]!, ...batch.slice(700)]
    const r = await recordEvents(db, input)
    expect(r).toMatchObject({ inserted: 1_200, duplicates: 2, conflicts: 0 })
    expect(r.events[700]).toEqual({ id: r.events[10]!.id, status: 'duplicate' })
    expect(r.events[701]!.status).toBe('duplicate')
    expect(new Set(r.events.map((e) => e.id)).size).toBe(1_201)
    expect(await countOutboxEvents({ workspaceId: workspace.id })).toBe(1_201)
  })

  it('keeps a given id (lowercased) and treats a repeat inside one call as a duplicate', async () => {
    const { workspace } = await createWorkspace()
    const id = deterministicEventId(['outbox-test', workspace.id]).toUpperCase()
    const r = await recordEvents(db, [event(workspace.id, { id }), event(workspace.id), event(workspace.id, { id })])
    expect(r.events).toEqual([
      { id: id.toLowerCase(), status: 'inserted' },
      { id: expect.any(String), status: 'inserted' },
      { id: id.toLowerCase(), status: 'duplicate' },
    ])
    // The outbox holds the first occurrence once, in input order.
    expect((await outboxEvents({ workspaceId: workspace.id })).map((e) => e.id)).toEqual([id.toLowerCase(), r.events[1]!.id])
  })

  it('never lets one workspace claim an id another workspace already used', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const id = deterministicEventId(['shared-id', a.workspace.id])
    await recordEvents(db, [event(a.workspace.id, { id })])
    const r = await recordEvents(db, [event(b.workspace.id, { id })])
    expect(r).toMatchObject({ inserted: 0, duplicates: 0, conflicts: 1, events: [{ id, status: 'conflict' }] })
    expect(await outboxCounts(b.workspace.id)).toEqual({ total: 0, unshipped: 0 })
    // Nor inside one call: the first workspace to name the id owns it.
    const shared = deterministicEventId(['shared-in-call', a.workspace.id])
    const both = await recordEvents(db, [event(a.workspace.id, { id: shared }), event(b.workspace.id, { id: shared })])
    expect(both.events.map((e) => e.status)).toEqual(['inserted', 'conflict'])
    expect(await outboxCounts(b.workspace.id)).toEqual({ total: 0, unshipped: 0 })
    expect(await countOutboxEvents({ workspaceId: a.workspace.id })).toBe(2)
  })

  it('joins the caller\'s transaction: a rollback takes the events with it', async () => {
    const { workspace } = await createWorkspace()
    await expect(
      db.$transaction(async (tx) => {
        await recordEvents(tx, events(workspace.id, 3))
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    expect(await outboxCounts(workspace.id)).toEqual({ total: 0, unshipped: 0 })
    await db.$transaction(async (tx) => {
      await recordEvents(tx, events(workspace.id, 3))
    })
    expect(await outboxCounts(workspace.id)).toEqual({ total: 3, unshipped: 3 })
  })

  it('rejects invalid input with field errors by index and writes nothing', async () => {
    const { workspace } = await createWorkspace()
    const bad = [event(workspace.id), { ...event(workspace.id), channel: 'fax' }, event('not-a-workspace-id'), event(workspace.id, { label: 'a\u0000b' })]
    const err = await recordEvents(db, bad as never).catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 400, details: { fieldErrors: expect.objectContaining({ '1.channel': expect.any(Array), '2.tenantId': expect.any(Array), '3.label': expect.any(Array) }) } })
    expect(await outboxCounts(workspace.id)).toEqual({ total: 0, unshipped: 0 })
  })

  it('reports the backlog and the age of the oldest unshipped event', async () => {
    const { workspace } = await createWorkspace()
    await recordEvents(db, events(workspace.id, 4))
    const b = await outboxBacklog()
    expect(b.backlog).toBeGreaterThanOrEqual(4)
    expect(b.capped).toBe(false)
    expect(b.oldestAgeSeconds).toBeGreaterThanOrEqual(0)
  })
})

describe('pruneShippedOutbox', () => {
  it('drops rows shipped, and ids recorded, more than a week ago and keeps the rest', async () => {
    const { workspace } = await createWorkspace()
    const calls = [events(workspace.id, 2), events(workspace.id, 2), events(workspace.id, 2)]
    const recorded = []
    for (const c of calls) recorded.push((await recordEvents(db, c)).events.map((e) => e.id))
    const [old, recent, unshipped] = await db.analyticsOutbox.findMany({ where: { workspaceId: workspace.id }, orderBy: { id: 'asc' } })
    const day = 24 * 3600 * 1000
    await db.analyticsOutbox.update({ where: { id: old!.id }, data: { shippedAt: new Date(Date.now() - 8 * day) } })
    await db.analyticsOutbox.update({ where: { id: recent!.id }, data: { shippedAt: new Date(Date.now() - 6 * day) } })
    await db.analyticsEventId.updateMany({ where: { id: { in: recorded[0] } }, data: { createdAt: new Date(Date.now() - 8 * day) } })
    expect(await pruneShippedOutbox()).toMatchObject({ deleted: expect.any(Number), ids: expect.any(Number) })
    const left = await db.analyticsOutbox.findMany({ where: { workspaceId: workspace.id }, select: { id: true }, orderBy: { id: 'asc' } })
    expect(left.map((x) => x.id)).toEqual([recent!.id, unshipped!.id])
    const ids = await db.analyticsEventId.findMany({ where: { workspaceId: workspace.id }, select: { id: true } })
    expect(ids.map((x) => x.id).sort()).toEqual([...recorded[1]!, ...recorded[2]!].sort())
    // Dedup is promised within the retention only: past it, a replay is recorded again.
    expect(await recordEvents(db, calls[0]!)).toMatchObject({ inserted: 2 })
    expect(await recordEvents(db, calls[1]!)).toMatchObject({ duplicates: 2 })
  })
})

describe('test isolation', () => {
  it('runs on its own database when a PostgreSQL server is given', async () => {
    const [{ name }] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`
    if (process.env.TEST_DATABASE_URL) expect(name).toMatch(/^herald_analytics_/)
  })
})
