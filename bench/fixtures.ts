import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/context';
import { createApiKey } from '@/lib/auth/api-keys';

/** A fresh workspace per scenario, so no scenario counts another one's rows. */
export async function benchWorkspace(name: string): Promise<{ id: string; actor: Actor }> {
  const ws = await db.workspace.create({ data: { name: `bench ${name}`, slug: `bench-${randomUUID().slice(0, 12)}` } });
  return { id: ws.id, actor: { workspaceId: ws.id, role: 'admin', via: 'api_key' } };
}

/** A route handler request authenticated with a fresh admin API key, as an integration would send it. */
export async function apiCaller(workspaceId: string) {
  const { secret } = await createApiKey({ workspaceId, name: 'bench', role: 'admin' });
  return (url: string, body: string, headers: Record<string, string> = {}) =>
    new Request(`http://localhost${url}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body });
}

/** A route handler GET authenticated with a fresh admin API key; answers anything but 200 with an error. */
export async function apiGetter(workspaceId: string) {
  const { secret } = await createApiKey({ workspaceId, name: 'bench', role: 'admin' });
  return async <T,>(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, params: Record<string, string> = {}): Promise<T> => {
    const res = await handler(new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve(params) });
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Route handlers take a context whose params resolve to the path segments; these routes have none. */
export const noParams = { params: Promise.resolve({}) };

/** Events per second (or rows per second) from a count and elapsed milliseconds. */
export const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
