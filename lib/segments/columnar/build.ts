import { db } from '@/lib/db';
import { ensureClickHouse, getClickHouse, insertText } from '@/lib/clickhouse';
import { beginCopyBuild, recordCopy } from '@/lib/segments/columnar/freshness';
import { dayShapedText } from '@/lib/segments/predicates';
import { isUuid } from '@/lib/ids';

/** Contacts read and written per round trip: about 20 MB of JSON at a few attributes each. */
const PAGE = 50_000;
/** A million contacts took 25–40 s on a 2-core machine; this bounds a build that stalls. */
const BUILD_TIMEOUT_MS = 10 * 60_000;

const attributeValue = `e.value #>> '{}'`;
const lowered = (column: string) => `coalesce(lower(c.${column}), '')`;
const utc = (column: string) => `to_char(c.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')`;

/**
 * The workspace's contacts as `segment_contacts` rows (JSONCompactEachRow, in the table's column order), values
 * computed by PostgreSQL exactly as its own segment compiler reads them (see clickhouse/migrations/0005). A cursor, so
 * one pass reads them all; its two values are written in after a strict check, since a cursor's query takes no
 * parameters here.
 */
function exportCursor(workspaceId: string, generation: bigint): string {
  if (!isUuid(workspaceId)) throw new Error(`Not a workspace id: ${workspaceId}`);
  return `
DECLARE contact_copy NO SCROLL CURSOR FOR
SELECT json_build_array(
    c.workspace_id, ${generation.toString()}::bigint, c.id,
    lower(c.email), ${lowered('first_name')}, ${lowered('last_name')}, ${lowered('phone')}, ${lowered('time_zone')}, ${lowered('locale')},
    c.marketing_opt_in, ${utc('opt_in_at')}, ${utc('unsubscribed_at')}, ${utc('created_at')}, coalesce(c.tags, '{}'),
    coalesce(a.texts, '{}'), coalesce(a.numbers, '{}'), coalesce(a.truths, '[]'), coalesce(a.days, '{}')
  )::text AS line
  FROM contacts c
  CROSS JOIN LATERAL (
    SELECT jsonb_object_agg(e.key, lower(${attributeValue})) FILTER (WHERE jsonb_typeof(e.value) <> 'null') AS texts,
           jsonb_object_agg(e.key, e.value) FILTER (WHERE jsonb_typeof(e.value) = 'number') AS numbers,
           jsonb_agg(e.key) FILTER (WHERE e.value = 'true'::jsonb) AS truths,
           jsonb_object_agg(e.key, left(${attributeValue}, 10)) FILTER (WHERE ${dayShapedText(attributeValue)}) AS days
      FROM jsonb_each(CASE WHEN jsonb_typeof(c.attributes) = 'object' THEN c.attributes ELSE '{}'::jsonb END) e
  ) a
 WHERE c.workspace_id = '${workspaceId}'::uuid`;
}

export interface BuiltCopy {
  generation: bigint;
  contacts: number;
  /** False when a newer copy landed first or the copy was dropped meanwhile; this one's rows are deleted again. */
  recorded: boolean;
}

/**
 * Copies the workspace's contacts to ClickHouse as a new generation, read in one snapshot, and records the copy with
 * that snapshot so counts know when it stops being current. Older generations are deleted once it is recorded.
 */
export async function buildContactCopy(workspaceId: string): Promise<BuiltCopy> {
  await ensureClickHouse();
  const epoch = await beginCopyBuild(workspaceId);
  const generation = BigInt(Date.now());
  const { snapshot, contacts } = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [{ snapshot }] = await tx.$queryRawUnsafe<{ snapshot: string }[]>('SELECT pg_current_snapshot()::text AS snapshot');
      await tx.$executeRawUnsafe(exportCursor(workspaceId, generation));
      const fetchPage = () => {
        const page = tx.$queryRawUnsafe<{ line: string }[]>(`FETCH ${PAGE} FROM contact_copy`);
        page.catch(() => {}); // awaited below; an insert failing first must not leave it unhandled
        return page;
      };
      let contacts = 0;
      // Why the next page is fetched before this one is inserted: PostgreSQL writes it while ClickHouse parses this one.
      for (let next = fetchPage(); ; ) {
        const rows = await next;
        const more = rows.length === PAGE;
        if (more) next = fetchPage();
        if (rows.length) await insertText('segment_contacts', 'JSONCompactEachRow', rows.map((r) => r.line).join('\n'));
        contacts += rows.length;
        if (!more) break;
      }
      return { snapshot, contacts };
    },
    { maxWait: 60_000, timeout: BUILD_TIMEOUT_MS },
  );
  const recorded = await recordCopy(workspaceId, { epoch, generation, snapshot, contacts });
  await getClickHouse().command({
    query: `ALTER TABLE segment_contacts DELETE WHERE workspace_id = {workspace:UUID} AND generation ${recorded ? '<' : '='} {generation:UInt64}`,
    query_params: { workspace: workspaceId, generation: generation.toString() },
  });
  return { generation, contacts, recorded };
}
