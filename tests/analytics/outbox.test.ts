import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { deterministicEventId } from '@/lib/analytics/events'
import { pruneShippedOutbox } from '@/lib/analytics/jobs'
import { outboxBacklog, recordEvents } from '@/lib/analytics/outbox'
import { createWorkspace } from '../helpers/factory'
import { event, events, outboxCounts, withAnalyticsStores } from './helpers'

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
  })

  it('keeps a given id (lowercased) and treats a repeat inside one call as a duplicate', async () => {
    const { workspace } = await createWorkspace()
    const id = deterministicEventId(['outbox-test', workspace.id]).toUpperCase()
    const r = await recordEvents(db, [event(workspace.id, { id }), event(workspace.id, { id })])
    expect(r.events).toEqual([
      { id: id.toLowerCase(), status: 'inserted' },
      { id: id.toLowerCase(), status: 'duplicate' },
    ])
  })

  it('never lets one workspace claim an id another workspace already used', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const id = deterministicEventId(['shared-id', a.workspace.id])
    await recordEvents(db, [event(a.workspace.id, { id })])
    const r = await recordEvents(db, [event(b.workspace.id, { id })])
    expect(r).toMatchObject({ inserted: 0, duplicates: 0, conflicts: 1, events: [{ id, status: 'conflict' }] })
    expect(await outboxCounts(b.workspace.id)).toEqual({ total: 0, unshipped: 0 })
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
  it('drops rows shipped more than a week ago and keeps the rest', async () => {
    const { workspace } = await createWorkspace()
    const r = await recordEvents(db, events(workspace.id, 3))
    const [old, recent] = r.events.map((e) => e.id)
    const day = 24 * 3600 * 1000
    await db.analyticsOutbox.update({ where: { id: old }, data: { shippedAt: new Date(Date.now() - 8 * day) } })
    await db.analyticsOutbox.update({ where: { id: recent }, data: { shippedAt: new Date(Date.now() - 6 * day) } })
    expect((await pruneShippedOutbox()).deleted).toBeGreaterThanOrEqual(1)
    const left = await db.analyticsOutbox.findMany({ where: { workspaceId: workspace.id }, select: { id: true } })
    expect(left.map((x) => x.id).sort()).toEqual(r.events.slice(1).map((e) => e.id).sort())
  })
})

describe('test isolation', () => {
  it('runs on its own database when a PostgreSQL server is given', async () => {
    const [{ name }] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`
    if (process.env.TEST_DATABASE_URL) expect(name).toMatch(/^herald_analytics_/)
  })
})
