import { ensureClickHouse, getClickHouse } from '@/lib/clickhouse';
import { db } from '@/lib/db';

/** A current copy's rows in ClickHouse are this generation of the workspace's `segment_contacts`. */
export interface CurrentCopy {
  generation: bigint;
}

/**
 * The workspace's copy if it is current: no transaction that wrote its contacts is missing from the snapshot the
 * copy was read in. Only changes from the snapshot's xmin on can be missing, so the index is read from there.
 */
export async function currentCopy(workspaceId: string): Promise<CurrentCopy | null> {
  const rows = await db.$queryRaw<{ generation: bigint }[]>`
    SELECT cc.generation FROM contact_copies cc
     WHERE cc.workspace_id = ${workspaceId}::uuid AND cc.generation IS NOT NULL
       AND NOT EXISTS (
         SELECT 1 FROM contact_changes ch
          WHERE ch.workspace_id = cc.workspace_id
            AND ch.xid >= pg_snapshot_xmin(cc.snapshot::pg_snapshot)::text::bigint
            AND NOT pg_visible_in_snapshot(ch.xid::text::xid8, cc.snapshot::pg_snapshot))`;
  return rows[0] ?? null;
}

/** Why a pause: while contacts keep changing, each build would be stale at once; counts fall back to PostgreSQL meanwhile. */
const MIN_BUILD_INTERVAL = '1 minute';
/** A build asked for and not finished within this long (a lost job) may be asked for again. */
const REQUEST_TIMEOUT = '10 minutes';

/**
 * Records that the workspace wants a fresh copy; true when the caller should start the build, false when one was
 * asked for recently or the last finished a moment ago. One statement, so concurrent callers start one build.
 */
export async function claimCopyBuild(workspaceId: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<unknown[]>(
    `INSERT INTO contact_copies AS cc (workspace_id, requested_at) VALUES ($1::uuid, now())
     ON CONFLICT (workspace_id) DO UPDATE SET requested_at = now()
      WHERE (cc.requested_at IS NULL OR cc.requested_at < now() - interval '${REQUEST_TIMEOUT}')
        AND (cc.built_at IS NULL OR cc.built_at < now() - interval '${MIN_BUILD_INTERVAL}')
     RETURNING 1`,
    workspaceId,
  );
  return rows.length > 0;
}

/**
 * Makes sure the workspace has a copy row and answers its epoch. A build calls it before taking its snapshot: with
 * the row in place, pruning never drops a change the build could miss, and the epoch says whether the copy was
 * dropped meanwhile.
 */
export async function beginCopyBuild(workspaceId: string): Promise<number> {
  const [{ epoch }] = await db.$queryRawUnsafe<{ epoch: number }[]>(
    `INSERT INTO contact_copies AS cc (workspace_id) VALUES ($1::uuid)
     ON CONFLICT (workspace_id) DO UPDATE SET epoch = cc.epoch RETURNING epoch`,
    workspaceId,
  );
  return epoch;
}

/**
 * Records a finished build unless a newer one landed first or the copy was dropped since the build began; true when
 * it did. The changes its snapshot holds are forgotten.
 */
export async function recordCopy(workspaceId: string, copy: { epoch: number; generation: bigint; snapshot: string; contacts: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const recorded = await tx.$executeRawUnsafe(
      `UPDATE contact_copies SET generation = $2::bigint, snapshot = $3, contacts = $4::int, built_at = now(), requested_at = NULL
        WHERE workspace_id = $1::uuid AND epoch = $5::int AND (generation IS NULL OR generation < $2::bigint)`,
      workspaceId,
      copy.generation,
      copy.snapshot,
      copy.contacts,
      copy.epoch,
    );
    if (recorded === 0) return false;
    await tx.$executeRawUnsafe(
      `DELETE FROM contact_changes WHERE workspace_id = $1::uuid AND pg_visible_in_snapshot(xid::text::xid8, $2::pg_snapshot)`,
      workspaceId,
      copy.snapshot,
    );
    return true;
  });
}

/** A copy nobody has rebuilt for this long while its contacts changed is dropped, with the changes it kept. */
const DROP_STALE_AFTER = '1 day';

/**
 * Keeps `contact_changes` small. Changes of workspaces without a copy matter to no one (a copy built later reads them
 * in its snapshot anyway). A copy stale for a day is dropped: its changes go with it, and its epoch is raised so a
 * build begun before cannot land without them. The next slow count builds a new one.
 */
export async function pruneContactChanges(): Promise<{ unwatched: number; dropped: number }> {
  const unwatched = await db.$executeRawUnsafe(`DELETE FROM contact_changes ch WHERE NOT EXISTS (SELECT 1 FROM contact_copies cc WHERE cc.workspace_id = ch.workspace_id)`);
  const dropped = await db.$transaction(async (tx) => {
    const stale = await tx.$queryRawUnsafe<{ workspace_id: string }[]>(
      `UPDATE contact_copies cc SET generation = NULL, snapshot = NULL, epoch = epoch + 1
        WHERE cc.generation IS NOT NULL AND cc.built_at < now() - interval '${DROP_STALE_AFTER}'
          AND EXISTS (SELECT 1 FROM contact_changes ch WHERE ch.workspace_id = cc.workspace_id)
       RETURNING workspace_id::text`,
    );
    if (stale.length) await tx.$executeRawUnsafe(`DELETE FROM contact_changes WHERE workspace_id = ANY($1::uuid[])`, stale.map((r) => r.workspace_id));
    return stale.map((r) => r.workspace_id);
  });
  if (dropped.length) {
    await ensureClickHouse();
    await getClickHouse().command({ query: 'ALTER TABLE segment_contacts DELETE WHERE has({workspaces:Array(UUID)}, workspace_id)', query_params: { workspaces: dropped } });
  }
  return { unwatched, dropped: dropped.length };
}
