import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { ensureClickHouse, queryRows } from '@/lib/clickhouse';
import { logError } from '@/lib/log';
import { ClickHouseParams, compileForCopy, copyCanCount } from '@/lib/segments/columnar/compile';
import { currentCopy, type CurrentCopy } from '@/lib/segments/columnar/freshness';
import type { SegmentCriteria } from '@/lib/segments/criteria';

export interface CopyQuery {
  attributeTypes: AttributeTypes;
  now: Date;
  /** Whether the copy is current, when the caller has already asked (a count and a sample asked together). */
  copy?: Promise<CurrentCopy | null>;
}

/** The rows of the workspace's current copy, with the given criteria compiled beside them; null when the copy cannot answer. */
async function copyScope(workspaceId: string, criteriaList: SegmentCriteria[], o: CopyQuery) {
  if (!criteriaList.every((criteria) => copyCanCount(criteria, o.attributeTypes))) return null;
  const copy = await (o.copy ?? currentCopy(workspaceId));
  if (!copy) return null;
  // Only now: a workspace without a current copy never waits on ClickHouse, reachable or not.
  await ensureClickHouse();
  const p = new ClickHouseParams();
  const conditions = criteriaList.map((criteria) => compileForCopy(criteria, p, o));
  const params = { ...p.values, workspace: workspaceId, generation: copy.generation.toString() };
  return { conditions, params, from: 'segment_contacts WHERE workspace_id = {workspace:UUID} AND generation = {generation:UInt64}' };
}

/** Why a fallback rather than an error: PostgreSQL can always answer, only slower. */
async function orNull<T>(what: string, read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    logError(`Segment ${what} from the contact copy failed; PostgreSQL answers instead:`, err);
    return null;
  }
}

/**
 * Each criteria's count from the workspace's columnar copy, all in one scan, or null when the copy is not current or
 * cannot answer one of them exactly (the caller asks PostgreSQL then). Criteria must be validated already.
 */
export function countFromCopy(workspaceId: string, criteriaList: SegmentCriteria[], o: CopyQuery): Promise<number[] | null> {
  return orNull('counts', async () => {
    const scope = await copyScope(workspaceId, criteriaList, o);
    if (!scope) return null;
    const columns = scope.conditions.map((where, i) => `countIf(${where}) AS n${i}`);
    const [row] = await queryRows<Record<string, string | number>>(`SELECT ${columns.join(', ')} FROM ${scope.from}`, scope.params);
    return scope.conditions.map((_, i) => Number(row?.[`n${i}`] ?? 0));
  });
}

/**
 * The ids of the newest matching contacts from the copy (ties at the last instant included, so the caller can order
 * them exactly as PostgreSQL does), or null when the copy cannot answer.
 */
export function newestIdsFromCopy(workspaceId: string, criteria: SegmentCriteria, limit: number, o: CopyQuery): Promise<string[] | null> {
  return orNull('sample', async () => {
    const scope = await copyScope(workspaceId, [criteria], o);
    if (!scope) return null;
    const rows = await queryRows<{ id: string }>(
      `SELECT toString(id) AS id FROM ${scope.from} AND ${scope.conditions[0]} ORDER BY created_at DESC LIMIT {limit:UInt32} WITH TIES`,
      { ...scope.params, limit },
    );
    return rows.map((r) => r.id);
  });
}
