import { notFound } from 'next/navigation';
import { HttpError } from '@/lib/http/errors';

/**
 * For pages: a 404 from the domain renders the not-found page instead of an error. Pass a function when the id
 * check itself may throw (e.g. `parseId`), so that 404 is caught too.
 */
export async function orNotFound<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) notFound();
    throw err;
  }
}

/** Next's `searchParams` with one value per key (the first when a key repeats). */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}
