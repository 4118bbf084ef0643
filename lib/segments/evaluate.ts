import { db } from '@/lib/db';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { HttpError } from '@/lib/http/errors';
import { compileSegment, segmentWhereFor, type CompiledSegment } from '@/lib/segments/compile';
import type { SegmentCriteria } from '@/lib/segments/criteria';

export interface SegmentSampleRow {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

async function countWhere({ where, params }: CompiledSegment): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where}`, ...params);
  return rows[0]?.n ?? 0;
}

async function sampleWhere({ where, params }: CompiledSegment, limit: number): Promise<SegmentSampleRow[]> {
  const limitParam = `$${params.length + 1}::int`;
  return db.$queryRawUnsafe<SegmentSampleRow[]>(
    `SELECT c.id::text AS id, c.email, c.first_name AS "firstName", c.last_name AS "lastName"
       FROM contacts c WHERE ${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limitParam}`,
    ...params,
    limit,
  );
}

/** How many of the workspace's contacts match the criteria right now. */
export async function countSegment(workspaceId: string, criteria: SegmentCriteria): Promise<number> {
  return countWhere(await segmentWhereFor(workspaceId, criteria));
}

/** A few matching contacts, newest first, to show what the criteria pick. */
export async function sampleSegment(workspaceId: string, criteria: SegmentCriteria, limit = 10): Promise<SegmentSampleRow[]> {
  return sampleWhere(await segmentWhereFor(workspaceId, criteria), Math.min(Math.max(Math.trunc(limit), 1), 100));
}

/** Segments counted per statement: far below PostgreSQL's 1,664 result columns and 65,535 parameters. */
const SEGMENTS_PER_SCAN = 100;

/**
 * Counts several segments in one read of the workspace's contacts, a `count(*) FILTER` each, so a list of N segments
 * costs one scan rather than N (one per hundred). Criteria that no longer compile (an attribute since removed) count
 * as null.
 */
export async function countSegments(workspaceId: string, criteriaList: SegmentCriteria[]): Promise<(number | null)[]> {
  const attributeTypes = await loadAttributeTypes(workspaceId);
  const now = new Date();
  const counts: (number | null)[] = [];
  for (let at = 0; at < criteriaList.length; at += SEGMENTS_PER_SCAN) {
    const params: unknown[] = [workspaceId];
    const filters = criteriaList.slice(at, at + SEGMENTS_PER_SCAN).map((criteria) => {
      try {
        const compiled = compileSegment(criteria, { attributeTypes, paramOffset: params.length, now });
        params.push(...compiled.params);
        return compiled.where;
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        return null;
      }
    });
    const columns = filters.flatMap((where, i) => (where === null ? [] : [`count(*) FILTER (WHERE ${where})::int AS n${i}`]));
    const [row] = columns.length ? await db.$queryRawUnsafe<Record<string, number>[]>(`SELECT ${columns.join(', ')} FROM contacts c WHERE c.workspace_id = $1::uuid`, ...params) : [];
    counts.push(...filters.map((where, i) => (where === null ? null : (row?.[`n${i}`] ?? 0))));
  }
  return counts;
}

/** Count and sample from one compilation, with the time both took, for the builder's live preview. */
export async function previewSegment(workspaceId: string, criteria: SegmentCriteria, limit = 10) {
  const started = performance.now();
  const compiled = await segmentWhereFor(workspaceId, criteria);
  const [count, sample] = await Promise.all([countWhere(compiled), sampleWhere(compiled, limit)]);
  return { count, sample, tookMs: Math.round(performance.now() - started) };
}
