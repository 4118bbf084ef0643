import { describe, expect, it, vi } from 'vitest'
import { createApiKey } from '@/lib/auth/api-keys'
import type { Role } from '@/lib/auth/roles'
import { flushOutbox } from '@/lib/analytics/flush'
import { createWorkspace } from '../helpers/factory'
import { chCounts, once, outboxCounts, withAnalyticsStores } from './helpers'
import { outboxEvents } from '../helpers/outbox'

// Route handlers run here outside a Next request, where next-auth cannot read cookies: the session is stubbed.
const session = vi.hoisted(() => ({ current: null as null | { user: { id: string }; workspaceId: string } }))
vi.mock('next-auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}))

const { POST } = await import('@/app/api/v1/events/route')

const URL_ = 'http://localhost/api/v1/events'

async function tenant(role: Role = 'campaign_manager') {
  const { workspace } = await createWorkspace()
  const key = await createApiKey({ workspaceId: workspace.id, name: 'ingest', role })
  return { workspaceId: workspace.id, secret: key.secret }
}

function post(body: unknown, opts: { secret?: string; idempotencyKey?: string; raw?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (opts.secret) headers.authorization = `Bearer ${opts.secret}`
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey
  const req = new Request(URL_, { method: 'POST', headers, body: opts.raw ? (body as string) : JSON.stringify(body) })
  return POST(req, { params: Promise.resolve({}) })
}

let n = 0
/** An API event: no tenantId (the key decides), no id. */
function apiEvent(patch: Record<string, unknown> = {}) {
  const i = n++
  return {
    eventType: 'message_delivered',
    entityType: 'message',
    entityId: `msg-${i}`,
    channel: 'email',
    contactId: `c-${i % 5}`,
    sourceType: 'campaign',
    campaignId: 'camp-api',
    occurredAt: new Date(Date.UTC(2026, 4, 1, 10, 0, 0, i)).toISOString(),
    ...patch,
  }
}

async function drain() {
  for (let i = 0; i < 10 && (await flushOutbox()).shipped > 0; i++);
}

withAnalyticsStores()

describe('POST /api/v1/events', () => {
  it('accepts one event or a batch with 202 and a result per event', async () => {
    const t = await tenant()
    const one = await post(apiEvent(), { secret: t.secret })
    expect(one.status).toBe(202)
    expect(await one.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, status: 'accepted', id: expect.any(String) }] })
    const many = await post({ events: [apiEvent(), apiEvent(), apiEvent()] }, { secret: t.secret })
    expect(many.status).toBe(202)
    const body = await many.json()
    expect(body).toMatchObject({ accepted: 3, rejected: 0 })
    expect(body.results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2])
    await drain()
    expect(await chCounts(t.workspaceId)).toEqual(once(4))
  })

  it('accepts the dashboard events of seed 002 (call_ended, intent_detected, funnel_step)', async () => {
    const t = await tenant()
    const call = { entityType: 'call', entityId: 'call-1', channel: 'voice', contactId: 'c-1' }
    const res = await post({
      events: [
        apiEvent({ ...call, eventType: 'call_ended', outcome: 'completed', durationSeconds: 74.5 }),
        apiEvent({ ...call, eventType: 'intent_detected', label: 'interested' }),
        apiEvent({ ...call, eventType: 'funnel_step', category: 'journey', label: 'qualified', value: 1, stepIndex: 2 }),
      ],
    }, { secret: t.secret })
    expect(await res.json()).toMatchObject({ accepted: 3, rejected: 0 })
    await drain()
    const rows = await outboxEvents({ workspaceId: t.workspaceId })
    expect(rows.map((r) => r.payload)).toEqual(expect.arrayContaining([
      expect.objectContaining({ event_type: 'call_ended', outcome: 'completed', duration_seconds: 74.5 }),
      expect.objectContaining({ event_type: 'intent_detected', label: 'interested' }),
      expect.objectContaining({ event_type: 'funnel_step', category: 'journey', label: 'qualified', value: 1, step_index: 2 }),
    ]))
    expect(await chCounts(t.workspaceId)).toEqual(once(3))
  })

  it('counts a replayed request with the same Idempotency-Key once', async () => {
    const t = await tenant()
    const batch = { events: [apiEvent(), apiEvent(), apiEvent()] }
    const first = await (await post(batch, { secret: t.secret, idempotencyKey: 'order-42' })).json()
    const again = await (await post(batch, { secret: t.secret, idempotencyKey: 'order-42' })).json()
    expect(first).toMatchObject({ accepted: 3, duplicates: 0 })
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 })
    expect(again.results.map((r: { id: string }) => r.id)).toEqual(first.results.map((r: { id: string }) => r.id))
    // Another key is another request, even with the same body (events differ only by their keyed ids).
    const other = await (await post(batch, { secret: t.secret, idempotencyKey: 'order-43' })).json()
    expect(other).toMatchObject({ accepted: 3 })
    await drain()
    expect(await chCounts(t.workspaceId)).toEqual(once(6))
  })

  it('counts events with the same client id once', async () => {
    const t = await tenant()
    const id = crypto.randomUUID()
    const r1 = await (await post(apiEvent({ id }), { secret: t.secret })).json()
    const r2 = await (await post({ events: [apiEvent({ id }), apiEvent({ id })] }, { secret: t.secret })).json()
    expect(r1.results[0]).toMatchObject({ id, status: 'accepted' })
    expect(r2).toMatchObject({ accepted: 0, duplicates: 2 })
    await drain()
    expect(await chCounts(t.workspaceId)).toEqual(once(1))
  })

  it('rejects bad events one by one and accepts the rest', async () => {
    const t = await tenant()
    const res = await post({ events: [apiEvent(), apiEvent({ channel: 'fax' }), 'nope', apiEvent({ occurredAt: 'yesterday' })] }, { secret: t.secret })
    expect(res.status).toBe(202)
    const body = await res.json()
    expect(body).toMatchObject({ accepted: 1, rejected: 3 })
    expect(body.results[1]).toMatchObject({ index: 1, status: 'rejected', id: null, errors: { channel: expect.any(Array) } })
    expect(body.results[2]).toMatchObject({ index: 2, status: 'rejected', errors: { _: expect.any(Array) } })
    expect(body.results[3]).toMatchObject({ index: 3, status: 'rejected', errors: { occurredAt: expect.any(Array) } })
    expect(await outboxCounts(t.workspaceId)).toMatchObject({ total: 1 })
  })

  it('answers 400 with field errors when no event is valid, and writes nothing', async () => {
    const t = await tenant()
    const single = await post(apiEvent({ channel: 'fax' }), { secret: t.secret })
    expect(single.status).toBe(400)
    expect(await single.json()).toMatchObject({ fieldErrors: { channel: expect.any(Array) }, accepted: 0, rejected: 1 })
    const batch = await post({ events: [apiEvent({ eventType: 'nope' }), apiEvent({ entityId: '' })] }, { secret: t.secret })
    expect(batch.status).toBe(400)
    expect((await batch.json()).fieldErrors).toMatchObject({ 'events.0.eventType': expect.any(Array), 'events.1.entityId': expect.any(Array) })
    expect(await outboxCounts(t.workspaceId)).toEqual({ total: 0, unshipped: 0 })
  })

  it.each([
    ['not JSON', '{"events": [', true],
    ['an empty body', '', true],
    ['a JSON array', [apiEvent()], false],
    ['a JSON string', 'hello', false],
    ['events that are not a list', { events: { a: 1 } }, false],
    ['an empty list', { events: [] }, false],
  ])('answers 400 to %s', async (_, body, raw) => {
    const t = await tenant()
    const res = await post(body, { secret: t.secret, raw })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: expect.any(String) })
    expect(await outboxCounts(t.workspaceId)).toEqual({ total: 0, unshipped: 0 })
  })

  it('answers 400 to a malformed Idempotency-Key', async () => {
    const t = await tenant()
    const res = await post(apiEvent(), { secret: t.secret, idempotencyKey: 'x'.repeat(300) })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ fieldErrors: { 'Idempotency-Key': expect.any(Array) } })
    expect(await outboxCounts(t.workspaceId)).toEqual({ total: 0, unshipped: 0 })
  })

  it('answers 413 to more than 1,000 events or a body over 4 MB (under Vercel\'s 4.5 MB), even one sent without a length', async () => {
    const t = await tenant()
    const tooMany = await post({ events: Array.from({ length: 1001 }, () => apiEvent()) }, { secret: t.secret })
    expect(tooMany.status).toBe(413)
    const tooBig = await post({ events: [apiEvent({ metadata: { blob: 'x'.repeat(4 * 1024 * 1024) } })] }, { secret: t.secret })
    expect(tooBig.status).toBe(413)
    // A chunked body of 64 MB: refused once 4 MB have been read, not buffered whole.
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024))
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ === 64) controller.close()
        else controller.enqueue(chunk)
      },
    })
    const streamed = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.secret}` }, body: endless, duplex: 'half' } as RequestInit)
    expect((await POST(streamed, { params: Promise.resolve({}) })).status).toBe(413)
    expect(pulled).toBeLessThan(10)
    expect(await outboxCounts(t.workspaceId)).toEqual({ total: 0, unshipped: 0 })
  })

  it('answers 401 without a key and 403 to a viewer\'s key', async () => {
    expect((await post(apiEvent())).status).toBe(401)
    expect((await post(apiEvent(), { secret: 'hk_00000000_not-a-real-key-not-a-real-key' })).status).toBe(401)
    const viewer = await tenant('viewer')
    expect((await post(apiEvent(), { secret: viewer.secret })).status).toBe(403)
    expect(await outboxCounts(viewer.workspaceId)).toEqual({ total: 0, unshipped: 0 })
  })

  it('accepts a signed-in manager\'s session, scoped to the session\'s workspace', async () => {
    const { workspace, members } = await createWorkspace()
    session.current = { user: { id: members.campaign_manager.id }, workspaceId: workspace.id }
    try {
      const res = await post(apiEvent({ tenantId: crypto.randomUUID() }))
      expect(res.status).toBe(202)
      expect(await outboxCounts(workspace.id)).toMatchObject({ total: 1 })
      session.current = { user: { id: members.viewer.id }, workspaceId: workspace.id }
      expect((await post(apiEvent())).status).toBe(403)
    } finally {
      session.current = null
    }
  })

  it('takes the tenant from the key, never from the body', async () => {
    const a = await tenant()
    const b = await tenant()
    const res = await post({ events: [apiEvent({ tenantId: b.workspaceId }), apiEvent({ tenantId: 'anything' })] }, { secret: a.secret })
    expect(await res.json()).toMatchObject({ accepted: 2 })
    expect(await outboxCounts(a.workspaceId)).toMatchObject({ total: 2 })
    expect(await outboxCounts(b.workspaceId)).toMatchObject({ total: 0 })
    await drain()
    expect(await chCounts(a.workspaceId)).toEqual(once(2))
    expect((await chCounts(b.workspaceId)).raw).toBe(0)
  })

  it('rejects an id another workspace already used, without touching that workspace', async () => {
    const a = await tenant()
    const b = await tenant()
    const id = crypto.randomUUID()
    await post(apiEvent({ id }), { secret: a.secret })
    const res = await post({ events: [apiEvent({ id }), apiEvent()] }, { secret: b.secret })
    const body = await res.json()
    expect(body).toMatchObject({ accepted: 1, rejected: 1 })
    expect(body.results[0]).toMatchObject({ status: 'rejected', errors: { id: expect.any(Array) } })
    expect(await outboxCounts(a.workspaceId)).toMatchObject({ total: 1 })
  })
})
