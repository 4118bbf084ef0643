import type { ImportProgress } from '@/lib/imports/progress';
import type { UploadedImport } from '@/lib/imports/service';

export type { ImportProgress, UploadedImport };

/** An API error with its message and field errors, as every Herald route answers them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.error ?? `The server answered ${res.status}`, body.fieldErrors);
  return body as T;
}

/** Sends the file itself as the body, so the browser streams it instead of building a form in memory. */
export async function uploadCsv(file: File): Promise<UploadedImport> {
  const res = await fetch(`/api/imports?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file });
  return answer(res);
}

export async function startImport(id: string, mapping: Record<string, string>, optInSource: string): Promise<ImportProgress> {
  const res = await fetch(`/api/imports/${id}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mapping, optInSource: optInSource.trim() || undefined }),
  });
  return answer(res);
}

export async function fetchProgress(id: string): Promise<ImportProgress> {
  return answer(await fetch(`/api/imports/${id}`, { cache: 'no-store' }));
}

export const rejectsUrl = (id: string) => `/api/imports/${id}/rejects.csv`;
