import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PrismaClient, type Prisma } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';
import { applyMigrations } from '@/lib/db/migrations';
import { loadEmbedded } from '@/lib/embedded';
import { logError } from '@/lib/log';

export type Db = PrismaClient;

type Holder = { client?: PrismaClient; close?: () => Promise<void>; pool?: pg.Pool };
const holder: Holder = ((globalThis as unknown as { __heraldDb?: Holder }).__heraldDb ??= {});

/** Embedded default: PGlite in `.data/`, migrated before the first query reaches it. */
async function embeddedAdapter(dataDir: string) {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([loadEmbedded('@electric-sql/pglite'), loadEmbedded('pglite-prisma-adapter')]);
  if (!dataDir.startsWith('memory://')) mkdirSync(path.resolve(dataDir), { recursive: true });
  const pglite = new PGlite(dataDir);
  await applyMigrations({
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T,>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  });
  holder.close = () => pglite.close();
  return new PrismaPGlite(pglite);
}

function createClient(): PrismaClient {
  const e = env();
  if (e.DATABASE_URL) {
    // The pool is ours, so rawQuery shares its connections; disconnectDb ends it, whoever used it first.
    const pool = (holder.pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: 10 }));
    // The server ending an idle connection (a restart, a failover, an administrator) is an 'error' event on the pool,
    // which drops that connection; without a listener of our own it would crash the process, since Prisma's listener
    // only exists between its first query and $disconnect.
    pool.on('error', (err) => logError(`PostgreSQL closed an idle connection: ${err.message}`));
    return new PrismaClient({ adapter: new PrismaPg(pool) });
  }
  // The factory defers opening PGlite (and migrating it) to the first query, so imports stay free.
  let ready: ReturnType<typeof embeddedAdapter> | undefined;
  const factory = {
    provider: 'postgres' as const,
    adapterName: 'pglite-embedded',
    connect: async () => (await (ready ??= embeddedAdapter(e.PGLITE_PATH))).connect(),
    connectToShadowDb: async () => (await (ready ??= embeddedAdapter(e.PGLITE_PATH))).connectToShadowDb(),
  };
  return new PrismaClient({ adapter: factory });
}

/** The one Prisma client of this process, created on first use. */
export function getDb(): PrismaClient {
  return (holder.client ??= createClient());
}

/** `db.contact.findMany(...)` reads like a plain client while staying lazy at import time. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const value = client[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

/**
 * One statement (numbered placeholders) through `client`, except that the shared client's statements go straight to
 * the PostgreSQL driver: Prisma copies every parameter through its query engine, which cost a 1,000-event outbox
 * insert 9 ms of CPU against 2.5 ms direct. A transaction's client, and the embedded database, go through Prisma.
 */
export async function rawQuery<T>(client: Prisma.TransactionClient, sql: string, params: unknown[]): Promise<T[]> {
  const pool = client === db ? sharedPool() : undefined;
  if (!pool) return client.$queryRawUnsafe<T[]>(sql, ...params);
  return (await pool.query(sql, params)).rows as T[];
}

/** One transaction's statements: numbered placeholders, rows back. */
export interface SqlTransaction {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Sends `text` (COPY's text format, one row per line) to a `COPY … FROM STDIN` statement. Only the PostgreSQL driver
   * has it; callers fall back to a statement with parameters where it is absent (the embedded database).
   */
  copyIn?(statement: string, text: string): Promise<void>;
}

/**
 * Runs `fn` in one transaction whose statements go straight to the PostgreSQL driver: for bulk writes, whose parameters
 * Prisma would copy through its query engine (a 5,000-row import batch spent about twice the CPU there). The embedded
 * database has no driver pool, so there it is a Prisma transaction.
 */
export async function driverTransaction<T>(fn: (sql: SqlTransaction) => Promise<T>): Promise<T> {
  const pool = sharedPool();
  if (!pool) return db.$transaction((tx) => fn({ query: (sql, params = []) => rawQuery(tx, sql, params) }), { maxWait: 30_000, timeout: 300_000 });
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn({
      query: async (sql, params) => (await client.query(sql, params)).rows,
      copyIn: async (statement, text) => {
        const stream = client.query(copyFrom(statement));
        stream.end(text);
        await finished(stream);
      },
    });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is dropped rather than handed to the next caller.
    await client.query('ROLLBACK').catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** The pool behind the shared client, created with it; none for the embedded database. */
function sharedPool(): pg.Pool | undefined {
  getDb();
  return holder.pool;
}

export async function disconnectDb(): Promise<void> {
  const { client, pool } = holder;
  holder.client = undefined;
  holder.pool = undefined;
  if (client) await client.$disconnect();
  if (pool) await pool.end();
  if (holder.close) await holder.close().catch(() => undefined);
  holder.close = undefined;
}

export function isEmbeddedDb(): boolean {
  return !env().DATABASE_URL;
}
