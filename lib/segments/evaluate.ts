import { db } from '@/lib/db';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { HttpError } from '@/lib/http/errors';
import { compileForWorkspace, compileSegment, validateCriteria, type CompiledSegment } from '@/lib/segments/compile';
import { copyCanCount } from '@/lib/segments/columnar/compile';
import { countFromCopy, newestIdsFromCopy, type CopyQuery } from '@/lib/segments/columnar/count';
import { COPY_WORTH_MS, requestContactCopy } from '@/lib/segments/columnar/request';
import { currentCopy } from '@/lib/segments/columnar/freshness';
import type { SegmentCriteria } from '@/lib/segments/criteria';

// Counts come from the workspace's columnar copy in ClickHouse while it is current and can answer the criteria
// exactly; otherwise from PostgreSQL, the record, and a slow PostgreSQL count asks for a fresh copy. Samples are always
// read from PostgreSQL (the copy only narrows down which ids to read).

export interface SegmentSampleRow {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/** Runs a PostgreSQL count; a slow one asks for a columnar copy, so the next count need not be slow. */
async function timed<T>(workspaceId: string, count: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await count();
  if (performance.now() - started >= COPY_WORTH_MS) await requestContactCopy(workspaceId);
  return result;
}

async function countWhere({ where, params }: CompiledSegment): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where}`, ...params);
  return rows[0]?.n ?? 0;
}

const SAMPLE_COLUMNS = `c.id::text AS id, c.email, c.first_name AS "firstName", c.last_name AS "lastName"`;

async function sampleWhere({ where, params }: CompiledSegment, limit: number): Promise<SegmentSampleRow[]> {
  const limitParam = `$${params.length + 1}::int`;
  return db.$queryRawUnsafe<SegmentSampleRow[]>(
    `SELECT ${SAMPLE_COLUMNS} FROM contacts c WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limitParam}`,
    ...params,
    limit,
  );
}

/** The newest of the given contacts that still match, in PostgreSQL's order. */
async function sampleAmong(ids: string[], { where, params }: CompiledSegment, limit: number): Promise<SegmentSampleRow[]> {
  const n = params.length;
  return db.$queryRawUnsafe<SegmentSampleRow[]>(
    `SELECT ${SAMPLE_COLUMNS} FROM contacts c WHERE c.id = ANY($${n + 1}::uuid[]) AND ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT $${n + 2}::int`,
    ...params,
    ids,
    limit,
  );
}

/** Validated criteria with everything both stores compile them against. */
async function prepare(workspaceId: string, criteria: SegmentCriteria) {
  const attributeTypes = await loadAttributeTypes(workspaceId);
  const now = new Date();
  const tree = validateCriteria(criteria, attributeTypes);
  const query: CopyQuery = { attributeTypes, now };
  return { tree, query, compiled: compileForWorkspace(workspaceId, tree, { attributeTypes, now, validated: true }) };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

async function countOf(workspaceId: string, { tree, query, compiled }: Prepared): Promise<number> {
  const [fromCopy] = (await countFromCopy(workspaceId, [tree], query)) ?? [];
  return fromCopy ?? timed(workspaceId, () => countWhere(compiled));
}

async function sampleOf(workspaceId: string, { tree, query, compiled }: Prepared, limit: number): Promise<SegmentSampleRow[]> {
  const ids = await newestIdsFromCopy(workspaceId, tree, limit, query);
  return ids ? sampleAmong(ids, compiled, limit) : sampleWhere(compiled, limit);
}

/** How many of the workspace's contacts match the criteria right now. */
export async function countSegment(workspaceId: string, criteria: SegmentCriteria): Promise<number> {
  return countOf(workspaceId, await prepare(workspaceId, criteria));
}

const sampleLimit = (limit: number) => Math.min(Math.max(Math.trunc(limit), 1), 100);

/** A few matching contacts, newest first, to show what the criteria pick. */
export async function sampleSegment(workspaceId: string, criteria: SegmentCriteria, limit = 10): Promise<SegmentSampleRow[]> {
  return sampleOf(workspaceId, await prepare(workspaceId, criteria), sampleLimit(limit));
}

/** Segments counted per statement: far below PostgreSQL's 1,664 result columns and 65,535 parameters. */
const SEGMENTS_PER_SCAN = 100;

/**
 * Several validated criteria counted in PostgreSQL, a `count(*) FILTER` each, so N segments cost one scan (per hundred),
 * not N.
 */
async function countManyInPostgres(workspaceId: string, trees: SegmentCriteria[], attributeTypes: AttributeTypes, now: Date): Promise<number[]> {
  const counts: number[] = [];
  for (let at = 0; at < trees.length; at += SEGMENTS_PER_SCAN) {
    const params: unknown[] = [workspaceId];
    const columns = trees.slice(at, at + SEGMENTS_PER_SCAN).map((criteria, i) => {
      const compiled = compileSegment(criteria, { attributeTypes, paramOffset: params.length, now, validated: true });
      params.push(...compiled.params);
      return `count(*) FILTER (WHERE ${compiled.where})::int AS n${i}`;
    });
    const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(`SELECT ${columns.join(', ')} FROM contacts c WHERE c.workspace_id = $1::uuid`, ...params);
    counts.push(...columns.map((_, i) => row?.[`n${i}`] ?? 0));
  }
  return counts;
}

/**
 * Counts several segments at once: those the copy can answer in one scan of it, the rest in one scan of PostgreSQL.
 * Criteria that no longer compile (an attribute since removed) count as null.
 */
export async function countSegments(workspaceId: string, criteriaList: SegmentCriteria[]): Promise<(number | null)[]> {
  const attributeTypes = await loadAttributeTypes(workspaceId);
  const now = new Date();
  const trees = criteriaList.map((criteria) => {
    try {
      return validateCriteria(criteria, attributeTypes);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return null;
    }
  });
  const valid = trees.flatMap((tree, i) => (tree ? [{ tree, i }] : []));
  const forCopy = valid.filter(({ tree }) => copyCanCount(tree, attributeTypes));
  const fromCopy = forCopy.length ? await countFromCopy(workspaceId, forCopy.map((v) => v.tree), { attributeTypes, now }) : null;
  const counted = new Map<number, number>(fromCopy ? forCopy.map((v, k) => [v.i, fromCopy[k]]) : []);
  const rest = valid.filter((v) => !counted.has(v.i));
  if (rest.length) {
    const counts = await timed(workspaceId, () => countManyInPostgres(workspaceId, rest.map((v) => v.tree), attributeTypes, now));
    rest.forEach((v, k) => counted.set(v.i, counts[k]));
  }
  return trees.map((_, i) => counted.get(i) ?? null);
}

/** Count and sample from one compilation, with the time both took, for the builder's live preview. */
export async function previewSegment(workspaceId: string, criteria: SegmentCriteria, limit = 10) {
  const started = performance.now();
  const prepared = await prepare(workspaceId, criteria);
  // The count and the sample ask whether the copy is current once between them.
  if (copyCanCount(prepared.tree, prepared.query.attributeTypes)) prepared.query.copy = currentCopy(workspaceId);
  const [count, sample] = await Promise.all([countOf(workspaceId, prepared), sampleOf(workspaceId, prepared, sampleLimit(limit))]);
  return { count, sample, tookMs: Math.round(performance.now() - started) };
}
