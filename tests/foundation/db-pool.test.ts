import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db, disconnectDb, rawQuery } from '@/lib/db';

const uncaught: unknown[] = [];
const record = (err: unknown) => uncaught.push(err);
process.on('uncaughtException', record);
afterAll(() => void process.off('uncaughtException', record));

describe.skipIf(!process.env.DATABASE_URL)('the PostgreSQL pool', () => {
  it('outlives the server ending an idle connection, before Prisma ever connected: the next query opens another', async () => {
    await disconnectDb();
    const [{ pid }] = await rawQuery<{ pid: number }>(db, 'SELECT pg_backend_pid() AS pid', []);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const [terminated] = (await admin.query('SELECT pg_terminate_backend($1) AS ok', [pid])).rows;
      expect(terminated.ok).toBe(true);
    } finally {
      await admin.end();
    }
    // The FATAL message reaches the idle connection a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uncaught).toEqual([]);
    const [again] = await rawQuery<{ pid: number }>(db, 'SELECT pg_backend_pid() AS pid', []);
    expect(again.pid).not.toBe(pid);
  });
});
