/**
 * Analytics event contract: camelCase input validated by zod, mapped to the snake_case
 * row of `analytics_events` (clickhouse/migrations/0001_analytics_events.sql).
 */
import { hash, randomUUID } from 'node:crypto'
import { z } from 'zod'

export const ANALYTICS_EVENTS_TABLE = 'analytics_events'

/** The materialized views that keep the rollups (clickhouse/migrations), for work that must detach or check them all. */
export const ROLLUP_VIEWS = ['analytics_hourly_mv', 'analytics_daily_mv', 'analytics_tenant_daily_mv', 'analytics_campaign_calls_hourly_mv'] as const

export const EVENT_TYPES = [
  'message_sent',
  'message_delivered',
  'message_opened',
  'message_clicked',
  'message_bounced',
  'message_complained',
  'message_unsubscribed',
  'message_failed',
  'campaign_started',
  'campaign_completed',
  'workflow_run_started',
  'workflow_run_completed',
  'workflow_run_goal_reached',
  'sequence_step_executed',
  'sequence_enrollment_replied',
  'contact_created',
  'contact_updated',
  'call_ended',
  'intent_detected',
  'funnel_step',
  'qr_scanned',
  'qr_redeemed',
] as const
export type AnalyticsEventType = (typeof EVENT_TYPES)[number]

export const CHANNELS = ['email', 'sms', 'whatsapp', 'push', 'voice'] as const
export type AnalyticsChannel = (typeof CHANNELS)[number]

export const CALL_OUTCOMES = ['completed', 'refused', 'no_answer', 'busy', 'failed'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

// occurred_at feeds toDateTime() (TTL, rollup hour/day): keep it inside DateTime's range.
const MIN_OCCURRED_AT = Date.UTC(1970, 0, 1)
const MAX_OCCURRED_AT = Date.UTC(2106, 0, 1)

const id = z.string().trim().min(1).max(256)

/** Metadata is a small bag of facts about one event: at most this many bytes as JSON … */
export const MAX_METADATA_BYTES = 32 * 1024
/** … and at most this many levels of objects and arrays (the metadata object itself is level 1). */
export const MAX_METADATA_DEPTH = 8

/** Levels of nesting of a JSON value, counted without recursion so a hostile depth cannot overflow the stack. */
function nestingDepth(value: unknown): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (!v || typeof v !== 'object') continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_METADATA_DEPTH) return deepest
    // Only objects and arrays go on the stack: most metadata is flat, and then nothing does.
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1])
  }
  return deepest
}

/** The metadata's size as JSON in UTF-8 bytes. */
const jsonBytes = (metadata: unknown) => Buffer.byteLength(JSON.stringify(metadata) ?? '')

/** Whether the metadata is within MAX_METADATA_BYTES as JSON; a UTF-16 unit is at most 3 bytes, so short text is not measured. */
function fitsMetadataBytes(metadata: unknown): boolean {
  const json = JSON.stringify(metadata) ?? ''
  return json.length * 3 <= MAX_METADATA_BYTES || Buffer.byteLength(json) <= MAX_METADATA_BYTES
}

// Refinements rather than one superRefine: inside the event object a superRefine cost each event about 2 µs more.
const metadataSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .refine((metadata) => nestingDepth(metadata) <= MAX_METADATA_DEPTH, { message: `Nested more than ${MAX_METADATA_DEPTH} levels deep`, abort: true })
  .refine(fitsMetadataBytes, { error: (issue) => `At most ${MAX_METADATA_BYTES / 1024} KB as JSON (got ${jsonBytes(issue.input)} bytes)` })
const optionalId = id.nullish()

export const analyticsEventSchema = z.object({
  id: z.uuid().optional(),
  tenantId: id,
  eventType: z.enum(EVENT_TYPES),
  entityType: id,
  entityId: id,
  channel: z.enum(CHANNELS),
  contactId: optionalId,
  userId: optionalId,
  sourceType: id,
  sourceId: optionalId,
  campaignId: optionalId,
  workflowId: optionalId,
  sequenceId: optionalId,
  templateId: optionalId,
  metadata: metadataSchema,
  // A pipe into a date, not a transform and refinements: inside the event object those cost each event about 1.9 µs more.
  occurredAt: z
    .union([z.iso.datetime({ offset: true }), z.date()])
    .pipe(z.coerce.date<string | Date>().min(new Date(MIN_OCCURRED_AT), 'occurredAt out of range').max(new Date(MAX_OCCURRED_AT - 1), 'occurredAt out of range')),
  category: z.string().max(256).optional(),
  label: z.string().max(1024).optional(),
  value: z.number().finite().nullish(),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  durationSeconds: z.number().finite().nonnegative().nullish(),
  stepIndex: z.number().int().min(0).max(65535).nullish(),
})

/** What callers pass in (occurredAt as ISO string or Date, metadata optional). */
export type AnalyticsEventInput = z.input<typeof analyticsEventSchema>
/** A validated event. */
export type AnalyticsEvent = z.output<typeof analyticsEventSchema>

/** One `analytics_events` row as sent in JSONEachRow (ingested_at is left to its DEFAULT). */
export interface AnalyticsEventRow {
  id: string
  tenant_id: string
  event_type: AnalyticsEventType
  entity_type: string
  entity_id: string
  channel: AnalyticsChannel
  contact_id: string | null
  user_id: string | null
  source_type: string
  source_id: string | null
  campaign_id: string | null
  workflow_id: string | null
  sequence_id: string | null
  template_id: string | null
  metadata: string
  occurred_at: string
  category: string
  label: string
  value: number | null
  outcome: string
  duration_seconds: number | null
  step_index: number | null
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC — what DateTime64(3) parses in JSONEachRow. */
export function formatClickHouseDateTime64(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ')
}

/** Validate (if needed) and map one event to its ClickHouse row. Missing id ⇒ random UUID. */
export function toClickHouseRow(event: AnalyticsEvent | AnalyticsEventInput): AnalyticsEventRow {
  const e = analyticsEventSchema.parse(event)
  return rowOfValidEvent(e, e.id ?? randomUUID())
}

/** The ClickHouse row of an event already validated, under the given id (id is the first key, as JSON too). */
export function rowOfValidEvent(e: AnalyticsEvent, id: string): AnalyticsEventRow {
  return {
    id,
    tenant_id: e.tenantId,
    event_type: e.eventType,
    entity_type: e.entityType,
    entity_id: e.entityId,
    channel: e.channel,
    contact_id: e.contactId ?? null,
    user_id: e.userId ?? null,
    source_type: e.sourceType,
    source_id: e.sourceId ?? null,
    campaign_id: e.campaignId ?? null,
    workflow_id: e.workflowId ?? null,
    sequence_id: e.sequenceId ?? null,
    template_id: e.templateId ?? null,
    metadata: JSON.stringify(e.metadata),
    occurred_at: formatClickHouseDateTime64(e.occurredAt),
    category: e.category ?? '',
    label: e.label ?? '',
    value: e.value ?? null,
    outcome: e.outcome ?? '',
    duration_seconds: e.durationSeconds ?? null,
    step_index: e.stepIndex ?? null,
  }
}

/** Fixed namespace for Herald analytics event ids (a random v4, never change it). */
export const HERALD_EVENT_ID_NAMESPACE = '6f1c3a52-8e0b-4d7e-9a41-2b5d9c7e3f10'

const NAMESPACE_BYTES = Buffer.from(HERALD_EVENT_ID_NAMESPACE.replace(/-/g, ''), 'hex')

// The namespace followed by room for a name, shared by every id (hashing is synchronous, so no two ids use it at
// once): measuring each name and allocating a buffer for it was a sixth of an id's cost.
const HASH_INPUT = Buffer.alloc(64 * 1024)
NAMESPACE_BYTES.copy(HASH_INPUT)

/**
 * UUIDv5 (RFC 9562: SHA-1 of namespace + name, version 5, variant 10) over the given
 * parts, so replaying the same source event yields the same id.
 * Parts are JSON-encoded, so ['a', 'b'] and ['a,b'] never collide.
 */
export function deterministicEventId(namespaceParts: readonly string[]): string {
  if (namespaceParts.length === 0) throw new Error('deterministicEventId needs at least one part')
  // One buffer through the one-shot hash: a Hash object per id cost more than the SHA-1 itself.
  const name = JSON.stringify(namespaceParts)
  const offset = NAMESPACE_BYTES.length
  let input: Buffer
  // A UTF-16 unit is at most 3 bytes of UTF-8, so a name that fits this way is never cut short; a longer one gets its own.
  if (offset + name.length * 3 <= HASH_INPUT.length) {
    input = HASH_INPUT.subarray(0, offset + HASH_INPUT.write(name, offset, 'utf8'))
  } else {
    input = Buffer.allocUnsafe(offset + Buffer.byteLength(name))
    NAMESPACE_BYTES.copy(input)
    input.write(name, offset, 'utf8')
  }
  const b = hash('sha1', input, 'buffer').subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x50
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
