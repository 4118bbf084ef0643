'use client';

import { keepPreviousData, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { analyticsQueryKey, toQuery, type QueryParams } from '@/lib/analytics/query-key';

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

type Extra<T> = Omit<UseQueryOptions<T, Error>, 'queryKey' | 'queryFn'>;

/** One /api/v1/analytics question through React Query; the previous answer stays on screen while the next loads. */
export function useAnalytics<T>(name: string, params: QueryParams, options: Extra<T> = {}) {
  const queryKey = analyticsQueryKey(name, params);
  return useQuery<T, Error>({
    queryKey,
    queryFn: async () => (await getJson<{ success: true; data: T }>(`/api/v1/analytics/${name}?${queryKey[2]}`)).data,
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** A CSV download link of one of a question's lists, for the same params. */
export const csvHref = (name: string, params: QueryParams, table: string) =>
  `/api/v1/analytics/${name}?${toQuery({ ...params, format: 'csv', table })}`;
