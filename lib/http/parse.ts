import { ZodError, type z } from 'zod';
import { HttpError, badRequest, fromZod } from '@/lib/http/errors';

/** PostgreSQL stores neither U+0000 nor an unpaired UTF-16 surrogate (text and jsonb alike). */
export const storableText = (v: string) => !v.includes('\u0000') && v.isWellFormed();

export const UNSTORABLE_TEXT = 'Contains a character that cannot be stored (U+0000 or an unpaired surrogate)';

/**
 * Every string (and object key) in a request value that PostgreSQL would refuse, as zod issues naming its path.
 * Walked with an explicit stack, so a deeply nested body cannot overflow the call stack.
 */
export function unstorableTextIssues(value: unknown, base: PropertyKey[] = []): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: base }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (!storableText(v)) issues.push({ code: 'custom', path, message: UNSTORABLE_TEXT, input: v });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [key, item] of Object.entries(v)) {
        if (!storableText(key)) issues.push({ code: 'custom', path: [...path, key.replace(/\u0000/g, '\\u0000')], message: UNSTORABLE_TEXT, input: key });
        stack.push({ value: item, path: [...path, key] });
      }
    }
    if (issues.length >= 20) break;
  }
  return issues;
}

/**
 * `schema.safeParse`, after refusing text PostgreSQL cannot store: the one check every body, query string and
 * batch item goes through, so such input is a 400 naming its field instead of a database error.
 */
export function safeParseInput<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  const issues = unstorableTextIssues(value);
  const result = schema.safeParse(value) as z.ZodSafeParseResult<z.output<S>>;
  if (!issues.length) return result;
  // One answer names every problem: the schema's own issues beside the unstorable text, each once.
  const seen = new Set(issues.map((i) => `${i.path.join('.')}\u0000${i.message}`));
  const others = result.success ? [] : result.error.issues.filter((i) => !seen.has(`${i.path.join('.')}\u0000${i.message}`));
  return { success: false, error: new ZodError([...issues, ...others]) } as z.ZodSafeParseResult<z.output<S>>;
}

/** Parses a value with a zod schema, turning failure into a 400 with field errors. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.infer<S> {
  const result = safeParseInput(schema, value);
  if (!result.success) throw fromZod(result.error, message);
  return result.data;
}

/**
 * Parses only a batch's envelope; its items must each go through `safeParseInput` afterwards, so one bad item
 * is rejected on its own instead of sinking the whole batch.
 */
export function parseBatchEnvelope<S extends z.ZodType>(schema: S, value: unknown, message?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, message);
  return result.data;
}

/** The largest JSON body any route takes: under Vercel's 4.5 MB request limit, so both say 413 the same way. */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

const tooLarge = (limitBytes: number) => new HttpError(413, `Request body too large (limit ${limitBytes} bytes)`);

/**
 * The body as text, read until `limitBytes` and no further: a body without Content-Length (chunked) is cut off at the
 * limit rather than buffered whole, so a huge upload cannot fill the server's memory.
 */
export async function readBodyText(req: Request, limitBytes = MAX_JSON_BODY_BYTES): Promise<string> {
  if (Number(req.headers.get('content-length') ?? 0) > limitBytes) throw tooLarge(limitBytes);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whether every string parsed from this JSON text is one PostgreSQL can store. In parsed JSON, U+0000 and unpaired
 * surrogates only come from `\u` escapes (raw control characters are not JSON, and decoding replaces bad bytes), so
 * text without such an escape needs no walk over its values; text with one (or `\\u0000`, a harmless lookalike) is
 * checked value by value as usual.
 */
export const storableJsonText = (text: string) => !/\\u(?:0000|d[89a-f])/i.test(text);

/** Reads a JSON body, and says whether its text proves every string in it storable (storableJsonText). */
export async function readJsonChecked(req: Request, limitBytes = MAX_JSON_BODY_BYTES): Promise<{ value: unknown; storable: boolean }> {
  const text = await readBodyText(req, limitBytes);
  if (!text.trim()) throw badRequest('Request body must be JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
  return { value, storable: storableJsonText(text) };
}

/** Reads a JSON body; a body that is not JSON is a 400, one over the limit (in bytes) a 413, never a 500. */
export async function readJson(req: Request, limitBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  return (await readJsonChecked(req, limitBytes)).value;
}

export function searchParamsOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}
