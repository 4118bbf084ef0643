/**
 * The event ingestion API's rules (POST /api/v1/events): one event or `{ events: [...] }` (at most
 * MAX_EVENTS_PER_REQUEST), each validated on its own, tenant taken from the caller, accepted events
 * into the outbox. Ids: the event's own `id`, else one derived from the Idempotency-Key header and
 * the event's index, else one derived from the event's content — so a retried request counts once.
 * A key names one request: events sent again under it are duplicates of the first, whatever they hold.
 */
import { z } from 'zod'
import { db } from '@/lib/db'
import type { Actor } from '@/lib/auth/context'
import { HttpError, badRequest, fieldErrorsOf } from '@/lib/http/errors'
import { safeParseInput } from '@/lib/http/parse'
import { analyticsEventSchema, deterministicEventId } from '@/lib/analytics/events'
import { recordValidEvents, type OutboxEvent } from '@/lib/analytics/outbox'

export const MAX_EVENTS_PER_REQUEST = 1_000

export type ItemStatus = 'accepted' | 'duplicate' | 'rejected'

export interface ItemResult {
  index: number
  /** The event's id in Herald (null when rejected). */
  id: string | null
  status: ItemStatus
  errors?: Record<string, string[]>
}

export interface IngestResult {
  accepted: number
  duplicates: number
  rejected: number
  results: ItemResult[]
}

const idempotencyKeySchema = z.string().trim().min(1).max(255)

/** The body as the API document describes it: one event or `{ events }`; each event is then checked on its own. */
const ingestEventSchema = analyticsEventSchema.omit({ tenantId: true })
export const ingestBodySchema = z.union([ingestEventSchema, z.object({ events: z.array(ingestEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) })])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The request's events and whether it used the batch form; anything else is a 400 (or 413 when too many). */
function eventsOf(body: unknown): { items: unknown[]; batch: boolean } {
  if (!isObject(body)) throw badRequest('Body must be one event or { "events": [...] }', { _: ['Expected a JSON object'] })
  if (!('events' in body)) return { items: [body], batch: false }
  const { events } = body
  if (!Array.isArray(events)) throw badRequest('Body must be one event or { "events": [...] }', { events: ['Expected an array of events'] })
  if (events.length === 0) throw badRequest('No events to ingest', { events: ['Send at least one event'] })
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new HttpError(413, `Too many events: ${events.length} (at most ${MAX_EVENTS_PER_REQUEST} per request)`)
  }
  return { items: events, batch: true }
}

/** The Idempotency-Key header, trimmed, or a 400 that names it. */
function idempotencyKeyOf(header: string): string {
  const parsed = idempotencyKeySchema.safeParse(header)
  if (!parsed.success) throw badRequest('Invalid Idempotency-Key header', { 'Idempotency-Key': parsed.error.issues.map((i) => i.message) })
  return parsed.data
}

/**
 * Validates each event on its own, records the valid ones, and reports per event. `storableText` says the body's JSON
 * text already proved every string storable (storableJsonText), which spares walking each event for bad text.
 */
export async function ingestEvents(actor: Actor, body: unknown, idempotencyKey: string | null, { storableText = false } = {}): Promise<IngestResult> {
  const { items, batch } = eventsOf(body)
  const key = idempotencyKey === null ? null : idempotencyKeyOf(idempotencyKey)

  const results: ItemResult[] = []
  const valid: { index: number; event: OutboxEvent }[] = []
  items.forEach((item, index) => {
    const parsed = isObject(item) ? (storableText ? ingestEventSchema.safeParse(item) : safeParseInput(ingestEventSchema, item)) : null
    if (!parsed?.success) {
      const errors = parsed ? fieldErrorsOf(parsed.error) : { _: ['Expected an event object'] }
      results[index] = { index, id: null, status: 'rejected', errors }
      return
    }
    // The tenant is always the caller's workspace, whatever the body says. The parsed event is a new object, ours
    // to complete in place: copying 1,000 events per request was a measurable part of its time.
    const id = parsed.data.id ?? (key ? deterministicEventId(['api-idempotency-key', actor.workspaceId, key, String(index)]) : undefined)
    valid.push({ index, event: Object.assign(parsed.data, { tenantId: actor.workspaceId, id }) })
  })

  if (valid.length === 0) {
    // Nothing usable: a plain 400 with every event's field errors, and nothing written.
    const fieldErrors: Record<string, string[]> = {}
    for (const r of results) {
      for (const [field, messages] of Object.entries(r.errors ?? {})) fieldErrors[batch ? `events.${r.index}.${field}` : field] = messages
    }
    throw new HttpError(400, batch ? 'No valid events in the batch' : 'Invalid event', { fieldErrors, ...summarise(results) })
  }

  // Validated once above, per event: the outbox does not parse them again.
  const recorded = await recordValidEvents(db, valid.map((v) => v.event))
  recorded.events.forEach(({ id, status }, i) => {
    const { index } = valid[i]!
    results[index] =
      status === 'conflict'
        ? { index, id: null, status: 'rejected', errors: { id: ['This id is already used by another event'] } }
        : { index, id, status: status === 'inserted' ? 'accepted' : 'duplicate' }
  })
  return summarise(results)
}

function summarise(results: ItemResult[]): IngestResult {
  const count = (s: ItemStatus) => results.filter((r) => r.status === s).length
  return { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results }
}
