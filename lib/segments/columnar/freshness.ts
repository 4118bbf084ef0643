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

/** Records a finished build unless a newer one already landed; true when it did. Changes it holds are forgotten. */
export async function recordCopy(workspaceId: string, copy: { generation: bigint; snapshot: string; contacts: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const recorded = await tx.$executeRawUnsafe(
      `INSERT INTO contact_copies AS cc (workspace_id, generation, snapshot, contacts, built_at)
       VALUES ($1::uuid, $2::bigint, $3, $4::int, now())
       ON CONFLICT (workspace_id) DO UPDATE
          SET generation = excluded.generation, snapshot = excluded.snapshot, contacts = excluded.contacts, built_at = now(), requested_at = NULL
        WHERE cc.generation IS NULL OR cc.generation < excluded.generation`,
      workspaceId,
      copy.generation,
      copy.snapshot,
      copy.contacts,
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

/** Changes of workspaces without a copy matter to no one; a copy built later reads them in its snapshot anyway. */
export async function pruneUnwatchedChanges(): Promise<number> {
  return db.$executeRawUnsafe(`DELETE FROM contact_changes ch WHERE NOT EXISTS (SELECT 1 FROM contact_copies cc WHERE cc.workspace_id = ch.workspace_id)`);
}
