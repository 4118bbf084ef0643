import { ZodError } from 'zod';
import '@/lib/http/messages';

/** An error that maps onto one HTTP answer; anything else becomes a 500 with no detail leaked. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: Record<string, unknown>,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fieldErrors?: Record<string, string[]>) =>
  new HttpError(400, message, fieldErrors ? { fieldErrors } : undefined);
export const unauthorized = (message = 'Authentication required') => new HttpError(401, message);
export const forbidden = (message = 'You do not have permission to do this') => new HttpError(403, message);
export const notFound = (what = 'Resource') => new HttpError(404, `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) => new HttpError(409, message, details);

/** Flattens a zod error into `{ "a.b.0": ["message"] }`, the field-error shape every 400 carries. */
export function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function fromZod(error: ZodError, message = 'Invalid request'): HttpError {
  return badRequest(message, fieldErrorsOf(error));
}
