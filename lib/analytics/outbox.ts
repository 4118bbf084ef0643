/**
 * The analytics outbox: events are written to PostgreSQL first, inside the caller's transaction
 * when it has one, and `lib/analytics/flush.ts` ships them to ClickHouse. A ClickHouse outage
 * therefore loses nothing. Each call writes one outbox row per workspace and chunk of events, holding its
 * new events as JSONEachRow lines, and every event id into analytics_event_ids, whose primary key makes a replayed
 * event a duplicate (within the retention, see lib/analytics/jobs.ts) and another workspace's id a conflict.
 */
import { z } from 'zod'
import { db, rawQuery } from '@/lib/db'
import type { Prisma } from '@/lib/generated/prisma/client'
import { parseWith } from '@/lib/http/parse'
import { analyticsEventSchema, deterministicEventId, rowOfValidEvent, type AnalyticsEventInput } from '@/lib/analytics/events'

/** The Prisma client or an interactive transaction's client: both can write to the outbox. */
export type OutboxClient = Prisma.TransactionClient

/**
 * An analytics event the outbox can hold: its tenant is a workspace id (a foreign key here). Parse it through
 * safeParseInput / parseWith, which also refuse any string (metadata included) jsonb would refuse, so such an event
 * fails validation, not the insert; a plain safeParse is for input already known storable (storableJsonText).
 */
export const outboxEventSchema = analyticsEventSchema.extend({ tenantId: z.guid() })

/** An event that passed outboxEventSchema. */
export type OutboxEvent = z.output<typeof outboxEventSchema>

export type RecordStatus = 'inserted' | 'duplicate' | 'conflict'

export interface RecordResult {
  inserted: number
  duplicates: number
  /** Ids already taken by another workspace's event: nothing was written for these. */
  conflicts: number
  /** One entry per input event, in input order. */
  events: { id: string; status: RecordStatus }[]
}

// Events per statement: bounds statement size for large internal batches; the API sends at most 1,000.
const INSERT_CHUNK = 5_000
// Outside a transaction, a long call goes out as statements of this many events on connections of their own, which
// PostgreSQL runs at the same time: the two halves of an API request are written on two cores. (The driver's pool hands
// out connections on the next tick, so the statements leave together once all are prepared.)
const PARALLEL_CHUNK = 500

/** An event as the outbox stores it: its id and its ClickHouse row as JSON text, which the flusher ships as it is. */
interface OutboxEntry {
  id: string
  tenantId: string
  json: string
}

// The row's JSON with an empty id starts with this; id is the row's first key.
const EMPTY_ID_JSON = '{"id":""'

/**
 * The entry of a validated event: its id normalised (lowercase), or derived from its content (the row with an empty
 * id, hashed), in which case that one JSON text also becomes the payload once the id is spliced in.
 */
function outboxEntry(event: OutboxEvent): OutboxEntry {
  if (event.id) {
    const id = event.id.toLowerCase()
    return { id, tenantId: event.tenantId, json: JSON.stringify(rowOfValidEvent(event, id)) }
  }
  const content = JSON.stringify(rowOfValidEvent(event, ''))
  const id = deterministicEventId(['analytics-event-content', content])
  return { id, tenantId: event.tenantId, json: `{"id":"${id}"${content.slice(EMPTY_ID_JSON.length)}` }
}

/**
 * Validates the events and records them: new ids with their lines in the outbox, repeats as duplicates or conflicts.
 * Pass a transaction client to record them atomically with the change that caused them.
 * Invalid input throws a 400 (HttpError with field errors keyed by index) and writes nothing.
 */
export async function recordEvents(client: OutboxClient, input: readonly AnalyticsEventInput[]): Promise<RecordResult> {
  return recordValidEvents(client, parseWith(z.array(outboxEventSchema), input, 'Invalid analytics events'))
}

/** recordEvents for events the caller has already validated with outboxEventSchema (the events API does, per event). */
export async function recordValidEvents(client: OutboxClient, events: readonly OutboxEvent[]): Promise<RecordResult> {
  // A transaction runs one statement at a time, so there each chunk is awaited before the next is prepared.
  const parallel = client === db
  const chunk = parallel ? PARALLEL_CHUNK : INSERT_CHUNK
  const entries: OutboxEntry[] = []
  // An id repeated within the call is written once, as its first occurrence; the others are then its duplicates.
  const seen = new Set<string>()
  const firsts: OutboxEntry[] = []
  const writes: Promise<string[]>[] = []
  for (let start = 0; start < events.length; start += chunk) {
    const fresh: OutboxEntry[] = []
    for (const event of events.slice(start, start + chunk)) {
      const entry = outboxEntry(event)
      entries.push(entry)
      if (seen.has(entry.id)) continue
      seen.add(entry.id)
      fresh.push(entry)
    }
    if (fresh.length === 0) continue
    firsts.push(...fresh)
    const write = insertNew(client, fresh)
    if (!parallel) await write
    writes.push(write)
  }
  const inserted = new Set((await Promise.all(writes)).flat())

  // Owner of every id: from analytics_event_ids for ids that were already there, from this call for new ones.
  const owners = await existingOwners(client, firsts.filter((e) => !inserted.has(e.id)).map((e) => e.id))
  const counts: Record<RecordStatus, number> = { inserted: 0, duplicate: 0, conflict: 0 }
  const statuses = entries.map(({ id, tenantId }) => {
    let status: RecordStatus
    if (inserted.has(id) && !owners.has(id)) {
      status = 'inserted'
      owners.set(id, tenantId)
    } else {
      status = (owners.get(id) ?? tenantId) === tenantId ? 'duplicate' : 'conflict'
    }
    counts[status]++
    return { id, status }
  })
  return { inserted: counts.inserted, duplicates: counts.duplicate, conflicts: counts.conflict, events: statuses }
}

// The text is MATERIALIZED so the planner cannot split it while folding constants: unnamed statements are planned
// with their parameters, and string_to_array of a constant was computed at planning even where never executed.
const INSERT_NEW_SQL = `
  WITH body AS MATERIALIZED (SELECT $3::text AS text),
  input AS (
    SELECT id, COALESCE(workspace_id, $4::uuid) AS workspace_id, n
    FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(id, workspace_id, n)),
  new_ids AS (
    INSERT INTO analytics_event_ids (id, workspace_id) SELECT id, workspace_id FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING id),
  whole AS (
    SELECT $4::uuid IS NOT NULL AND (SELECT count(*) FROM new_ids) = cardinality($1::uuid[]) AS all_new),
  outbox AS (
    INSERT INTO analytics_outbox (workspace_id, events, body)
    SELECT $4::uuid, cardinality($1::uuid[]), text FROM body WHERE (SELECT all_new FROM whole)
    UNION ALL
    SELECT i.workspace_id, count(*)::int, string_agg(l.line, chr(10) ORDER BY i.n)
    FROM input i JOIN new_ids USING (id)
      JOIN (SELECT line, n FROM body, unnest(string_to_array(body.text, chr(10))) WITH ORDINALITY AS l(line, n)) l USING (n)
    WHERE NOT (SELECT all_new FROM whole)
    GROUP BY i.workspace_id)
  SELECT id::text AS id FROM new_ids`

/** A PostgreSQL array literal of ids (uuids: nothing to quote), built here rather than escaped element by element. */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`

/**
 * One statement: claims the entries' ids (distinct) in analytics_event_ids and puts the lines of those it could claim
 * into one outbox row per workspace, so an id taken before, by a retry or another workspace, is never shipped again.
 * The lines travel as one text (JSON never holds a raw newline) and are matched to their ids by position. Entries of
 * one workspace (an API request's) send it once instead of per entry; when every id is also new, the usual case,
 * the text is the row as it is, not split into lines and joined again.
 */
async function insertNew(client: OutboxClient, entries: readonly OutboxEntry[]): Promise<string[]> {
  const workspace = entries[0]?.tenantId
  const oneWorkspace = entries.every((e) => e.tenantId === workspace)
  const params = [
    uuidArray(entries.map((e) => e.id)),
    oneWorkspace ? null : uuidArray(entries.map((e) => e.tenantId)),
    entries.map((e) => e.json).join('\n'),
    oneWorkspace ? workspace : null,
  ]
  // Its parameters are most of a call's bytes: outside a transaction, rawQuery hands them to the driver directly.
  const returned = await rawQuery<{ id: string }>(client, INSERT_NEW_SQL, params)
  return returned.map((r) => r.id)
}

/** Workspace of each given id already recorded. */
async function existingOwners(client: OutboxClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const found = await client.$queryRaw<{ id: string; workspace_id: string }[]>`
    SELECT id::text AS id, workspace_id::text AS workspace_id FROM analytics_event_ids WHERE id = ANY(${ids}::uuid[])`
  return new Map(found.map((r) => [r.id, r.workspace_id]))
}

/** Unshipped events counted up to this many: the count stays cheap while a long outage builds a backlog. */
export const BACKLOG_COUNT_CAP = 100_000

export interface OutboxBacklog {
  /** Unshipped events (at most BACKLOG_COUNT_CAP; `capped` says there are more). */
  backlog: number
  capped: boolean
  /** Seconds since the oldest unshipped event entered the outbox; 0 when there is none. */
  oldestAgeSeconds: number
}

/** How far shipping to ClickHouse is behind: what the health check reports. */
export async function outboxBacklog(client: OutboxClient = db): Promise<OutboxBacklog> {
  const [r] = await client.$queryRaw<{ backlog: number; age: number | null }[]>`
    SELECT
      (SELECT COALESCE(sum(events), 0)::int FROM (SELECT events FROM analytics_outbox WHERE shipped_at IS NULL LIMIT ${BACKLOG_COUNT_CAP + 1}) b) AS backlog,
      (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM analytics_outbox WHERE shipped_at IS NULL) AS age`
  const backlog = Math.min(r.backlog, BACKLOG_COUNT_CAP)
  return { backlog, capped: r.backlog > BACKLOG_COUNT_CAP, oldestAgeSeconds: Math.max(0, Math.round((r.age ?? 0) * 10) / 10) }
}
