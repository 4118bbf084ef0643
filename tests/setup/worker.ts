import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, inject } from 'vitest';

// Every test file runs in its own process with its own embedded stores, so files never collide.
const databaseUrl = inject('databaseUrl');
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_PATH = 'memory://';
}
const scratch = mkdtempSync(path.join(tmpdir(), 'herald-test-'));
process.env.CHDB_PATH ??= path.join(scratch, 'chdb');
delete process.env.CLICKHOUSE_URL;
delete process.env.INNGEST_EVENT_KEY;
delete process.env.INNGEST_SIGNING_KEY;
delete process.env.INNGEST_DEV;
process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret';

afterAll(async () => {
  const [{ disconnectDb }, { closeClickHouse }] = await Promise.all([import('../../lib/db'), import('../../lib/clickhouse')]);
  await disconnectDb();
  await closeClickHouse();
  rmSync(scratch, { recursive: true, force: true });
});
