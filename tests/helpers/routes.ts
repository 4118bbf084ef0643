import { createApiKey } from '@/lib/auth/api-keys';
import type { Role } from '@/lib/auth/roles';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** An API key of `role` in the workspace: route handlers then see that caller, as they would in production. */
export async function keyFor(workspaceId: string, role: Role = 'campaign_manager'): Promise<string> {
  return (await createApiKey({ workspaceId, name: `test ${role}`, role })).secret;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are asserted field by field in tests
type Json = any;

/** Calls a route handler the way Next.js would and returns its status and parsed JSON body. */
export async function callRoute(
  handler: Handler,
  options: { key: string; method?: string; path?: string; body?: unknown; params?: Record<string, string> },
): Promise<{ status: number; body: Json }> {
  const { key, method = 'GET', path = '/api/test', body, params = {} } = options;
  const req = new Request(`http://herald.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
