'use client';

import { keepPreviousData, useQuery, type UseQueryOptions } from '@tanstack/react-query';

/** An answer other than 2xx, with the server's message (and field errors) as its text. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

function describe(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const { error, fieldErrors } = body as { error: string; fieldErrors?: Record<string, string[]> };
    const fields = fieldErrors ? Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v.join(', ')}`) : [];
    return [error, ...fields].join(' — ');
  }
  return `Request failed (${status})`;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(describe(body, res.status), res.status);
  return body as T;
}

/** Query string of the defined values, in a stable order so equal params share a cache entry. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  return q.toString();
}

type Extra<T> = Omit<UseQueryOptions<T, Error>, 'queryKey' | 'queryFn'>;

/** One /api/v1/analytics question through React Query; the previous answer stays on screen while the next loads. */
export function useAnalytics<T>(name: string, params: Record<string, string | number | undefined | null>, options: Extra<T> = {}) {
  const qs = toQuery(params);
  return useQuery<T, Error>({
    queryKey: ['analytics', name, qs],
    queryFn: async () => (await getJson<{ success: true; data: T }>(`/api/v1/analytics/${name}?${qs}`)).data,
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** A CSV download link of one of a question's lists, for the same params. */
export const csvHref = (name: string, params: Record<string, string | number | undefined | null>, table: string) =>
  `/api/v1/analytics/${name}?${toQuery({ ...params, format: 'csv', table })}`;
