import { z } from 'zod';
import { badRequest } from '@/lib/http/errors';

/** A position in the contacts list (created_at desc, id desc) and which way to read from it. */
export interface ContactCursor {
  createdAt: Date;
  id: string;
  direction: 'next' | 'prev';
}

export const INVALID_CURSOR = 'This cursor is not valid; start again from the first page';

const payload = z.tuple([z.iso.datetime(), z.uuid(), z.enum(['n', 'p'])]);

/** Opaque to clients: base64url of a small JSON tuple. */
export function encodeCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id, cursor.direction === 'next' ? 'n' : 'p'])).toString('base64url');
}

function parseCursor(value: string): ContactCursor | null {
  try {
    const [createdAt, id, d] = payload.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { createdAt: new Date(createdAt), id, direction: d === 'n' ? 'next' : 'prev' };
  } catch {
    return null;
  }
}

export const isValidCursor = (value: string) => parseCursor(value) !== null;

/** A cursor that was not made by encodeCursor is a 400, never a database error. */
export function decodeCursor(value: string): ContactCursor {
  const cursor = parseCursor(value);
  if (!cursor) throw badRequest('Invalid cursor', { cursor: [INVALID_CURSOR] });
  return cursor;
}
