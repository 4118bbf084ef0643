/**
 * Prepares a database for the app: migrations (`prisma migrate deploy` on PostgreSQL; embedded PGlite migrates
 * itself on first use), then the demo workspace when it is missing. Prints the demo credentials.
 */
import { spawnSync } from 'node:child_process';
import { db, disconnectDb, isEmbeddedDb } from '@/lib/db';
import { seedDemo } from '@/lib/demo/seed';
import { closeClickHouse } from '@/lib/clickhouse';
import { env } from '@/lib/env';
import { DEMO_PASSWORD, demoUsers } from '@/lib/demo/users';

/** Brings a configured PostgreSQL database (empty or behind) up to the migrations in prisma/migrations. */
function deployMigrations() {
  if (isEmbeddedDb()) return;
  const r = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { env: process.env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed (exit ${r.status}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  const last = (r.stdout ?? '').trim().split('\n').filter((l) => l.trim()).pop();
  console.log(`[herald] PostgreSQL: prisma migrate deploy: ${last?.trim() ?? 'done'}`);
}

async function main() {
  const started = Date.now();
  deployMigrations();
  await db.$queryRaw`SELECT 1`;
  const result = await seedDemo();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[herald] ${isEmbeddedDb() ? `embedded PGlite in ${env().PGLITE_PATH}` : 'PostgreSQL'} ready; demo ${result.created ? 'seeded' : 'already present'} (${seconds} s)`);
  console.log('[herald] demo sign-in (password for all: ' + DEMO_PASSWORD + ')');
  for (const u of demoUsers) console.log(`[herald]   ${u.role.padEnd(16)} ${u.email}`);
  await disconnectDb();
  await closeClickHouse();
}

main().catch(async (err) => {
  console.error('[herald] setup failed:', err);
  await disconnectDb().catch(() => undefined);
  process.exit(1);
});
