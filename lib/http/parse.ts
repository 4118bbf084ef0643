import type { z } from 'zod';
import { HttpError, badRequest, fromZod } from '@/lib/http/errors';

/** Parses a value with a zod schema, turning failure into a 400 with field errors. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, message);
  return result.data;
}

/** Reads a JSON body; a body that is not JSON is a 400, not a 500. */
export async function readJson(req: Request, limitBytes = 5 * 1024 * 1024): Promise<unknown> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > limitBytes) throw new HttpError(413, `Request body too large (limit ${limitBytes} bytes)`);
  const text = await req.text();
  if (text.length > limitBytes) throw new HttpError(413, `Request body too large (limit ${limitBytes} bytes)`);
  if (!text.trim()) throw badRequest('Request body must be JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
}

export function searchParamsOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}
