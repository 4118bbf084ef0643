import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** Runs SQL (possibly several statements) against some PostgreSQL-compatible connection. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  // Read at run time (shipped by outputFileTracingIncludes), so the bundler must not trace it.
  return path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations');
}

export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  const fileOf = (name: string) => path.join(/*turbopackIgnore: true*/ dir, name, 'migration.sql');
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ fileOf(d.name)))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ fileOf(name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Prisma's own bookkeeping table, so `prisma migrate deploy` and `migrate status` agree with what we applied.
const PRISMA_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the Prisma migration files that are not yet recorded, each in its own transaction.
 * Used for the embedded PGlite database and for throwaway test databases; servers use `prisma migrate deploy`.
 */
export async function applyMigrations(runner: SqlRunner, dir = migrationsDir()): Promise<string[]> {
  await runner.exec(PRISMA_MIGRATIONS_TABLE);
  const applied = await runner.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
  );
  const done = new Map(applied.map((r) => [r.migration_name, r.checksum]));
  const ran: string[] = [];
  for (const m of readMigrations(dir)) {
    const previous = done.get(m.name);
    if (previous) {
      if (previous !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied`);
      continue;
    }
    await runner.exec(`BEGIN;\n${m.sql}\n;COMMIT;`).catch(async (err) => {
      await runner.exec('ROLLBACK').catch(() => undefined);
      throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
    });
    await runner.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), m.checksum, m.name],
    );
    ran.push(m.name);
  }
  return ran;
}
