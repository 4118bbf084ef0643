import { z } from 'zod';
import { notFound } from '@/lib/http/errors';

const uuid = z.uuid();

/** A path id that is not a UUID cannot name anything, so it is a 404 like an id from another workspace. */
export function parseId(value: unknown, what = 'Resource'): string {
  const result = uuid.safeParse(value);
  if (!result.success) throw notFound(what);
  return result.data;
}
