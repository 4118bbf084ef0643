import { describe, expect, it } from 'vitest'
import {
  analyticsEventSchema,
  deterministicEventId,
  formatClickHouseDateTime64,
  toClickHouseRow,
} from '../../lib/analytics/events'

const base = {
  tenantId: 'tenant_1',
  eventType: 'message_sent',
  entityType: 'message',
  entityId: 'msg_1',
  channel: 'email',
  sourceType: 'campaign',
  occurredAt: '2026-03-01T12:34:56.789Z',
} as const

describe('analyticsEventSchema / toClickHouseRow', () => {
  it('maps camelCase input to the snake_case row with defaults', () => {
    const row = toClickHouseRow({ ...base, id: '0b6f8a5e-2c1d-4e3f-8a7b-9c0d1e2f3a4b', campaignId: 'camp_1' })
    expect(row).toEqual({
      id: '0b6f8a5e-2c1d-4e3f-8a7b-9c0d1e2f3a4b',
      tenant_id: 'tenant_1',
      event_type: 'message_sent',
      entity_type: 'message',
      entity_id: 'msg_1',
      channel: 'email',
      contact_id: null,
      user_id: null,
      source_type: 'campaign',
      source_id: null,
      campaign_id: 'camp_1',
      workflow_id: null,
      sequence_id: null,
      template_id: null,
      metadata: '{}',
      occurred_at: '2026-03-01 12:34:56.789',
      category: '',
      label: '',
      value: null,
      outcome: '',
      duration_seconds: null,
      step_index: null,
    })
  })

  it('formats occurredAt in UTC whatever the input offset, and accepts Date', () => {
    expect(toClickHouseRow({ ...base, occurredAt: '2026-03-01T14:34:56.789+02:00' }).occurred_at).toBe(
      '2026-03-01 12:34:56.789',
    )
    expect(toClickHouseRow({ ...base, occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }).occurred_at).toBe(
      '2026-01-02 03:04:05.006',
    )
    expect(formatClickHouseDateTime64(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31 23:59:59.000')
  })

  it('stringifies metadata and keeps dashboard fields', () => {
    const row = toClickHouseRow({
      ...base,
      eventType: 'call_ended',
      channel: 'voice',
      metadata: { agent: 'a1', turns: 7 },
      outcome: 'no_answer',
      durationSeconds: 12.5,
      category: 'call',
      label: 'outbound',
      value: 3,
      stepIndex: 4,
    })
    expect(JSON.parse(row.metadata)).toEqual({ agent: 'a1', turns: 7 })
    expect(row).toMatchObject({ outcome: 'no_answer', duration_seconds: 12.5, category: 'call', label: 'outbound', value: 3, step_index: 4 })
  })

  it('generates an id when none is given', () => {
    const a = toClickHouseRow(base).id
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(toClickHouseRow(base).id).not.toBe(a)
  })

  it.each([
    ['unknown event type', { eventType: 'message_exploded' }],
    ['unknown channel', { channel: 'fax' }],
    ['bad occurredAt', { occurredAt: '01/03/2026' }],
    ['occurredAt without offset', { occurredAt: '2026-03-01T12:00:00' }],
    ['occurredAt outside DateTime range', { occurredAt: '1969-12-31T23:59:59Z' }],
    ['bad outcome', { outcome: 'hung_up' }],
    ['negative duration', { durationSeconds: -1 }],
    ['step index overflow', { stepIndex: 70000 }],
    ['empty tenant', { tenantId: '' }],
    ['bad id', { id: 'not-a-uuid' }],
    ['non-object metadata', { metadata: 'x' }],
  ])('rejects %s', (_, patch) => {
    expect(analyticsEventSchema.safeParse({ ...base, ...patch }).success).toBe(false)
  })
})

describe('deterministicEventId', () => {
  it('is stable, a valid UUIDv5, and sensitive to every part', () => {
    const id = deterministicEventId(['resend', 'evt_123', 'delivered'])
    expect(id).toBe(deterministicEventId(['resend', 'evt_123', 'delivered']))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(analyticsEventSchema.shape.id.safeParse(id).success).toBe(true)
    expect(deterministicEventId(['resend', 'evt_123', 'opened'])).not.toBe(id)
    expect(deterministicEventId(['a', 'b'])).not.toBe(deterministicEventId(['a,b']))
    expect(deterministicEventId(['ab'])).not.toBe(deterministicEventId(['a', 'b']))
  })

  it('keeps the ids it gave before: a retry after an upgrade is still a duplicate of the stored event', () => {
    expect(deterministicEventId(['a', 'b'])).toBe('dd827197-4b01-59bc-959e-6eeb394f3f4f')
    // Multi-byte text: the name is hashed as UTF-8 bytes, not UTF-16 code units.
    expect(deterministicEventId(['analytics-event-content', '{"id":"","x":"é ☃ 𝄞"}'])).toBe('e9f9ad3c-7b65-58e2-9e7b-5c7802abf435')
  })

  it('rejects an empty namespace', () => {
    expect(() => deterministicEventId([])).toThrow()
  })
})
