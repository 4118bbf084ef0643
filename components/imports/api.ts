import type { ImportProgress } from '@/lib/imports/progress';
import type { UploadState, UploadedImport } from '@/lib/imports/service';

export type { ImportProgress, UploadedImport };

/** An API error with its message and field errors, as every Herald route answers them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly status = 0,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.error ?? `The server answered ${res.status}`, body.fieldErrors, res.status);
  return body as T;
}

/** How far an upload has got; `resumedBytes` were already on the server from an earlier, interrupted attempt. */
export interface UploadProgress {
  phase: 'sending' | 'checking';
  sentBytes: number;
  totalBytes: number;
  resumedBytes: number;
}

const RETRIES = 4;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Network failures and 5xx answers are tried again with a growing pause; any other answer is final. */
async function withRetries(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await send();
      if (res.status < 500 || attempt >= RETRIES) return res;
    } catch (err) {
      if (attempt >= RETRIES) throw err;
    }
    await pause(500 * 2 ** attempt);
  }
}

/** The same file chosen again (same name, size and modification time) resumes where its upload stopped. */
const resumeKey = (file: File) => `herald.import-upload:${file.name}:${file.size}:${file.lastModified}`;

function remembered(file: File): string | null {
  try {
    return localStorage.getItem(resumeKey(file));
  } catch {
    return null;
  }
}

function remember(file: File, id: string | null) {
  try {
    if (id) localStorage.setItem(resumeKey(file), id);
    else localStorage.removeItem(resumeKey(file));
  } catch {
    /* Private windows may refuse storage: the upload still works, it only cannot resume after a reload. */
  }
}

/** SHA-256 of a piece, hex; null where the browser offers no Web Crypto (a plain-http address other than localhost). */
async function sha256Hex(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const piece = (file: File, state: UploadState, index: number) => file.slice(index * state.chunkBytes, (index + 1) * state.chunkBytes);

/** The earlier upload of this file if the server still holds it and every piece it holds matches this file. */
async function resumable(file: File): Promise<UploadState | null> {
  const id = remembered(file);
  if (!id) return null;
  const res = await fetch(`/api/imports/${id}/chunks`, { cache: 'no-store' }).catch(() => null);
  const state = res?.ok ? ((await res.json()) as UploadState) : null;
  let usable = state?.status === 'uploading' && state.totalBytes === file.size;
  for (const held of usable ? state!.chunks : []) {
    const digest = await sha256Hex(piece(file, state!, held.index));
    if (digest && digest !== held.sha256) usable = false;
  }
  if (!usable) remember(file, null);
  return usable ? state : null;
}

/** PUT through XMLHttpRequest, the one browser API that reports how much of a request body has gone out. */
function sendPiece(url: string, body: Blob, digest: string | null, onSent: (bytes: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (digest) xhr.setRequestHeader('x-chunk-sha256', digest);
    xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => resolve(new Response(xhr.responseText || null, { status: xhr.status, headers: { 'content-type': 'application/json' } }));
    xhr.onerror = () => reject(new TypeError('The connection was lost while sending the file.'));
    xhr.send(body);
  });
}

/**
 * Uploads a CSV in pieces of at most 4 MB (what a serverless function accepts), reporting progress as bytes go out.
 * A piece that fails on the network is sent again; an upload interrupted for longer resumes when the same file is
 * chosen again, even after a reload, sending only the pieces the server does not have.
 */
export async function uploadCsv(file: File, onProgress: (p: UploadProgress) => void): Promise<UploadedImport> {
  let state = await resumable(file);
  if (!state) {
    const res = await fetch('/api/imports/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileName: file.name, totalBytes: file.size }),
    });
    state = await answer<UploadState>(res);
    remember(file, state.id);
  }
  const held = new Set(state.chunks.map((c) => c.index));
  const resumedBytes = state.chunks.reduce((sum, c) => sum + c.size, 0);
  let done = resumedBytes;
  const report = (phase: UploadProgress['phase'], inFlight = 0) => onProgress({ phase, sentBytes: done + inFlight, totalBytes: file.size, resumedBytes });
  report('sending');
  try {
    for (let index = 0; index < state.chunkCount; index++) {
      if (held.has(index)) continue;
      const body = piece(file, state, index);
      const digest = await sha256Hex(body);
      const res = await withRetries(() => sendPiece(`/api/imports/${state.id}/chunks/${index}`, body, digest, (bytes) => report('sending', Math.min(bytes, body.size))));
      await answer(res);
      done += body.size;
      report('sending');
    }
    report('checking');
    const uploaded = await answer<UploadedImport>(await withRetries(() => fetch(`/api/imports/${state.id}/complete`, { method: 'POST' })));
    remember(file, null);
    return uploaded;
  } catch (err) {
    // A refused file will never upload: forget it. A lost connection keeps the pieces sent so far for a resume.
    if (err instanceof ApiError && err.status < 500) remember(file, null);
    throw err;
  }
}

/** Gives up an import that has not started, so its stored file does not wait for the clean-up. */
export async function discardImport(id: string): Promise<void> {
  await fetch(`/api/imports/${id}`, { method: 'DELETE' }).catch(() => undefined);
}

/** What a row does when its email already belongs to a contact. */
export type ExistingContacts = 'update' | 'skip';

export async function startImport(id: string, mapping: Record<string, string>, optInSource: string, existing: ExistingContacts): Promise<ImportProgress> {
  const res = await fetch(`/api/imports/${id}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mapping, optInSource: optInSource.trim() || undefined, existing }),
  });
  return answer(res);
}

export type AttributeType = 'string' | 'number' | 'boolean' | 'date';

/** Declares a custom attribute, so a column the contact fields do not cover can be imported into it. */
export async function declareAttribute(key: string, type: AttributeType): Promise<{ key: string; label: string; type: AttributeType }> {
  const res = await fetch('/api/attributes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, type }) });
  return answer(res);
}

export async function fetchProgress(id: string): Promise<ImportProgress> {
  return answer(await fetch(`/api/imports/${id}`, { cache: 'no-store' }));
}

export const rejectsUrl = (id: string) => `/api/imports/${id}/rejects.csv`;
