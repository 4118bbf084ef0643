import { ZodError } from 'zod';
import { HttpError, fieldErrorsOf } from '@/lib/http/errors';
import { logError } from '@/lib/log';

/** What every server action answers, so forms can show messages beside their fields. */
export type ActionState<T = unknown> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]>; status?: number }
  | null;

/** Runs a server action's body and turns known errors into an ActionState instead of a crash. */
export async function runAction<T>(fn: () => Promise<T>, message?: string): Promise<ActionState<T>> {
  try {
    const data = await fn();
    return { ok: true, data, message };
  } catch (err) {
    if (err instanceof HttpError) {
      const fieldErrors = (err.details?.fieldErrors as Record<string, string[]> | undefined) ?? undefined;
      return { ok: false, error: err.message, fieldErrors, status: err.status };
    }
    if (err instanceof ZodError) return { ok: false, error: 'Please fix the highlighted fields', fieldErrors: fieldErrorsOf(err), status: 400 };
    // next/navigation's redirect and notFound work by throwing; let them through.
    if (err && typeof err === 'object' && 'digest' in err) throw err;
    logError('[action] unhandled error', err);
    return { ok: false, error: 'Something went wrong. Nothing was changed.', status: 500 };
  }
}
