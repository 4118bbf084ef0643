/**
 * Answers of the analytics questions that read nothing but ClickHouse's events, kept in process memory per workspace
 * and analytics version. A workspace's events change only when the flusher ships a batch of them, and the statement
 * that marks a batch shipped raises the workspace's version (lib/analytics/flush.ts), so an answer is reused until the
 * workspace's next batch lands: a dashboard polling a quiet period asks ClickHouse once per process, not per poll.
 *
 * The version is read before the answer is computed, so an answer never predates the version it is stored under (it
 * may include a batch whose mark is still on its way, which the next version recomputes anyway). Every process reads
 * the version from PostgreSQL, so one that never flushes still sees another's batches at once.
 */
import { db, rawQuery } from '@/lib/db';
import { isUuid } from '@/lib/ids';

const MAX_ANSWERS = 1_000;

/**
 * Answers by key, in use order (oldest first), as promises so that identical requests arriving together (a page's
 * server render and its browser's first poll) share one computation. On globalThis, as route handlers and server
 * components are bundled as separate module graphs.
 */
const answers: Map<string, Promise<unknown>> = ((globalThis as { __heraldAnswers?: Map<string, Promise<unknown>> }).__heraldAnswers ??= new Map());

/** The workspace's analytics version: 0 until a batch of its events has been shipped. */
export async function analyticsVersion(workspaceId: string): Promise<string> {
  // Asked on every answer, hit or not: through the driver, without Prisma's per-query work.
  const [row] = await rawQuery<{ version: string }>(db, 'SELECT version::text AS version FROM analytics_versions WHERE workspace_id = $1::uuid', [workspaceId]);
  return row?.version ?? '0';
}

/**
 * Raises the analytics version of each workspace named, for a write to ClickHouse's events that does not go through the
 * flusher (a backfill, a generated load): without it, answers computed before the write would still be served.
 */
export async function noteAnalyticsChanged(workspaceIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(workspaceIds)].filter(isUuid).sort();
  if (ids.length === 0) return;
  await db.$executeRaw`
    INSERT INTO analytics_versions (workspace_id, version)
    SELECT id, 1 FROM workspaces WHERE id = ANY(${ids}::uuid[]) ORDER BY id
    ON CONFLICT (workspace_id) DO UPDATE SET version = analytics_versions.version + 1, changed_at = now()`;
}

/**
 * The answer to `question` with `params` for the workspace: reused while the workspace's analytics version stands,
 * else computed by `compute`. Callers each get their own copy, so none can change what the next one reads.
 */
export async function rememberedAnswer<D>(workspaceId: string, question: string, params: unknown, compute: () => Promise<D>): Promise<D> {
  const key = `${workspaceId}\n${await analyticsVersion(workspaceId)}\n${question}\n${JSON.stringify(params)}`;
  let answer = answers.get(key) as Promise<D> | undefined;
  if (answer) {
    answers.delete(key); // moved to the end: most recently used
  } else {
    answer = compute();
    // A failure is not remembered: the next request asks again.
    answer.catch(() => answers.get(key) === answer && answers.delete(key));
    if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value!);
  }
  answers.set(key, answer);
  return structuredClone(await answer);
}
