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

/** Rows per page of a screen's numbered list (templates, segments, flows). */
export const SCREEN_PAGE_SIZE = 25;

/**
 * One page of a screen's list, `?page=` as the address gives it, with the total for "page 2 of 7". A number that is
 * not a page (hand-edited, or past the end after deletions) shows the nearest page that exists rather than an error.
 */
export async function numberedPage<T>(
  rawPage: string | undefined,
  count: () => Promise<number>,
  find: (page: { skip: number; take: number }) => Promise<T[]>,
  pageSize = SCREEN_PAGE_SIZE,
): Promise<{ items: T[]; total: number; page: number; pageSize: number }> {
  const total = await count();
  const asked = Number(rawPage);
  const last = Math.max(1, Math.ceil(total / pageSize));
  const page = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, last) : 1;
  const items = total === 0 ? [] : await find({ skip: (page - 1) * pageSize, take: pageSize });
  return { items, total, page, pageSize };
}
