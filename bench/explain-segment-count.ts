/**
 * `npx tsx bench/explain-segment-count.ts [N]`: seeds N contacts (default 1M) like the segment count scenario, then prints
 * each shape's compiled SQL, its parameters and EXPLAIN (ANALYZE, BUFFERS), to see where a count spends its time.
 * With SEGMENT_EXPLAIN_DATABASE_URL it reuses that database (seeding only when its workspace is missing) and keeps it.
 */
import pg from 'pg';

const n = Number(process.argv[2] ?? 1_000_000);
const keptUrl = process.env.SEGMENT_EXPLAIN_DATABASE_URL;
const { createTestDatabase } = await import('../tests/setup/pg');
const scratch = keptUrl ? null : await createTestDatabase(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'herald_explain');
process.env.DATABASE_URL = keptUrl ?? scratch!.url;

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const { applyMigrations } = await import('@/lib/db/migrations');
await applyMigrations({
  exec: async (sql) => void (await client.query(sql)),
  query: async <T,>(sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows as T[],
});

const { db, disconnectDb } = await import('@/lib/db');
const { segmentWhereFor } = await import('@/lib/segments/compile');
const { SHAPES, seedContacts } = await import('./scenarios/segment-count');
const { benchWorkspace } = await import('./fixtures');

const existing = await db.workspace.findFirst({ where: { name: 'bench segments' }, select: { id: true } });
const workspaceId = existing?.id ?? (await benchWorkspace('segments')).id;
if (!existing) await seedContacts(workspaceId, n);

for (const [name, criteria] of Object.entries(SHAPES)) {
  const { where, params } = await segmentWhereFor(workspaceId, criteria);
  const sql = `SELECT count(*)::int AS n FROM contacts c WHERE ${where}`;
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  console.log(`\n## ${name}\n${sql}\n${JSON.stringify(params)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
}
await client.end();
await disconnectDb();
await scratch?.drop();
