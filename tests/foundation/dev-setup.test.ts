import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '@/lib/db/migrations';

const server = process.env.TEST_DATABASE_URL;

/** `npm run dev`'s setup step, run the way scripts/dev.mjs runs it, against the given database. */
function runSetup(databaseUrl: string, chdbPath: string) {
  return spawnSync('npx', ['tsx', 'scripts/setup.ts'], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl, CHDB_PATH: chdbPath, CLICKHOUSE_URL: '', HERALD_DISABLE_WORKER: '1' },
    timeout: 300_000,
  });
}

describe.skipIf(!server)('dev setup on PostgreSQL', () => {
  it('migrates an empty database, seeds the demo, and is a no-op the second time', async () => {
    const name = `herald_test_devsetup_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(server!);
    url.pathname = `/${name}`;
    const scratch = mkdtempSync(path.join(tmpdir(), 'herald-dev-setup-'));
    try {
      const first = runSetup(url.toString(), path.join(scratch, 'chdb'));
      expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
      expect(first.stdout).toContain('PostgreSQL ready; demo seeded');

      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      const migrations = await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`);
      expect(migrations.rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
      const users = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
      expect(users.rows[0]!.n).toBeGreaterThan(0);
      await client.end();

      const second = runSetup(url.toString(), path.join(scratch, 'chdb'));
      expect(second.status, `${second.stdout}\n${second.stderr}`).toBe(0);
      expect(second.stdout).toContain('demo already present');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 600_000);
});
