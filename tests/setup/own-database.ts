import { afterAll, beforeAll } from 'vitest';
import { disconnectDb } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';

/**
 * Gives this test file a PostgreSQL database of its own (on PGlite every file already has one). Needed by files whose
 * code works on whole tables — a job worker or an outbox flusher would otherwise pick up other files' rows.
 */
export function withOwnDatabase(prefix: string) {
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL;
    if (!server) return;
    const { createTestDatabase } = await import('./pg');
    const own = await createTestDatabase(server, prefix);
    await disconnectDb();
    process.env.DATABASE_URL = own.url;
    resetEnvCache();
    drop = own.drop;
  });
  afterAll(async () => {
    if (!drop) return;
    await disconnectDb();
    await drop();
  });
}
