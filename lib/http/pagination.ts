import { z } from 'zod';
import { badRequest } from '@/lib/http/errors';
import { isUuid } from '@/lib/ids';

/**
 * Herald's one list contract: `?cursor=&limit=` in, `{ items, nextCursor }` out (plus `total` where a screen needs
 * it). The cursor is opaque to clients: base64url of the last row's key, so pages stay stable while rows are added.
 */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

export const INVALID_PAGE_CURSOR = 'This cursor is not valid; start again from the first page';

// Keys are row ids (UUIDs) or other short identifiers such as attribute keys; anything else was not made here.
const KEY = /^[A-Za-z0-9_-]{1,100}$/;

export const encodePageCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodePageCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return KEY.test(key) ? key : null;
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** The cursor field alone, decoded to the key it carries, for list queries with their own filters. */
export const pageCursorSchema = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const key = decodePageCursor(value);
      if (key === null) ctx.addIssue({ code: 'custom', message: INVALID_PAGE_CURSOR });
      return key ?? z.NEVER;
    })
    .optional(),
);

export const pageLimitSchema = z.preprocess(
  blankToUndefined,
  z.coerce.number().int('Use a whole number').min(1, 'At least 1').max(PAGE_LIMIT_MAX, `At most ${PAGE_LIMIT_MAX}`).default(PAGE_LIMIT_DEFAULT),
);

/** `?cursor=&limit=`: extend it with a list's own filters. */
export const pageQuerySchema = z.object({ cursor: pageCursorSchema, limit: pageLimitSchema });
export type PageQuery = z.output<typeof pageQuerySchema>;

/** The answer of every list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The zod schema of a page of `item`, for the API document and the contract test. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Pass as `?cursor=` for the next page; null on the last page') });

/** Prisma's own cursor arguments for one page: one row more than asked, to learn whether another page follows. */
export interface PrismaPage<C> {
  take: number;
  skip?: number;
  cursor?: C;
}

/**
 * Pages any Prisma `findMany` by a unique key: `find` spreads the arguments into its query (which must order by
 * something ending in that key, so the order is total); `cursorOf` turns the decoded key into Prisma's cursor and
 * `keyOf` reads it back from a row. A cursor whose row was deleted since simply ends the list.
 */
export async function pageByKey<T, C>(
  query: PageQuery,
  cursorOf: (key: string) => C,
  find: (page: PrismaPage<C>) => Promise<T[]>,
  keyOf: (row: T) => string,
): Promise<Page<T>> {
  const rows = await find({ take: query.limit + 1, ...(query.cursor === undefined ? {} : { skip: 1, cursor: cursorOf(query.cursor) }) });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodePageCursor(keyOf(last)) : null };
}

/** For lists keyed by a UUID column: a cursor that carries no UUID is a 400, never a database error. */
export function assertUuidCursor(query: PageQuery): void {
  if (query.cursor !== undefined && !isUuid(query.cursor)) throw badRequest('Invalid request', { cursor: [INVALID_PAGE_CURSOR] });
}

/** `pageByKey` for the usual case: rows with a UUID `id`. */
export async function pageById<T extends { id: string }>(query: PageQuery, find: (page: PrismaPage<{ id: string }>) => Promise<T[]>): Promise<Page<T>> {
  assertUuidCursor(query);
  return pageByKey(query, (id) => ({ id }), find, (row) => row.id);
}
