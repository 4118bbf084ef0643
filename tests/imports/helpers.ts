import { createApiKey } from '@/lib/auth/api-keys';
import { roles, type Role } from '@/lib/auth/roles';
import { db } from '@/lib/db';

/** One API key per role, so route handlers see a real caller. */
export async function keysFor(workspaceId: string): Promise<Record<Role, string>> {
  const keys = {} as Record<Role, string>;
  for (const role of roles) keys[role] = (await createApiKey({ workspaceId, name: `imports ${role}`, role })).secret;
  return keys;
}

/** How many pieces of an import's file the database still holds. */
export const storedChunks = (importId: string) => db.importChunk.count({ where: { importId } });

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function send(handler: Handler, req: Request, params: Record<string, string> = {}) {
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: json && text ? JSON.parse(text) : text, headers: res.headers };
}

/** Uploads CSV text (or bytes) as a raw text/csv body, or as multipart/form-data like a browser form. */
export function uploadRequest(key: string, content: string | Uint8Array, options: { multipart?: boolean; name?: string; type?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let body: BodyInit;
  if (options.multipart) {
    const form = new FormData();
    form.append('note', 'a text field before the file');
    form.append('file', new Blob([content as BlobPart], { type: 'text/csv' }), options.name ?? 'contacts.csv');
    body = form;
  } else {
    headers['content-type'] = options.type ?? 'text/csv';
    body = content as BodyInit;
  }
  const query = options.name && !options.multipart ? `?name=${encodeURIComponent(options.name)}` : '';
  return new Request(`http://localhost/api/imports${query}`, { method: 'POST', headers, body });
}

export const upload = (handler: Handler, key: string, content: string | Uint8Array, options?: Parameters<typeof uploadRequest>[2]) =>
  send(handler, uploadRequest(key, content, options));

export const getJson = (handler: Handler, key: string, id: string) =>
  send(handler, new Request(`http://localhost/api/imports/${id}`, { headers: { authorization: `Bearer ${key}` } }), { id });

export const postJson = (handler: Handler, key: string, id: string, body: unknown) =>
  send(
    handler,
    new Request(`http://localhost/api/imports/${id}/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { id },
  );

const authorized = (key: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });

/** The upload in pieces, step by step, through the route handlers a browser reaches. */
export const pieces = {
  begin: (handler: Handler, key: string, body: unknown) =>
    send(handler, new Request('http://localhost/api/imports/uploads', authorized(key, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))),
  put: (handler: Handler, key: string, id: string, index: number | string, bytes: Uint8Array, headers: Record<string, string> = {}) =>
    send(
      handler,
      new Request(`http://localhost/api/imports/${id}/chunks/${index}`, authorized(key, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...headers }, body: bytes as BodyInit })),
      { id, index: String(index) },
    ),
  held: (handler: Handler, key: string, id: string) => send(handler, new Request(`http://localhost/api/imports/${id}/chunks`, authorized(key)), { id }),
  complete: (handler: Handler, key: string, id: string) => send(handler, new Request(`http://localhost/api/imports/${id}/complete`, authorized(key, { method: 'POST' })), { id }),
  discard: (handler: Handler, key: string, id: string) => send(handler, new Request(`http://localhost/api/imports/${id}`, authorized(key, { method: 'DELETE' })), { id }),
};

/** Piece `index` of a file cut the way the server expects. */
export const pieceOf = (file: Uint8Array, chunkBytes: number, index: number) => file.subarray(index * chunkBytes, (index + 1) * chunkBytes);
