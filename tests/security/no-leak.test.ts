import { inRequestScope } from '../support/request-scope';
import { randomBytes, randomUUID } from 'node:crypto';
import { formatWithOptions } from 'node:util';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { api, publicRoute } from '@/lib/http/handler';
import { runAction } from '@/lib/http/action';
import { libraryLogger } from '@/lib/log';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { createWorkspace } from '../helpers/factory';

vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => null }));

// Error paths through the real handlers, with every secret configured: no answer carries a stack trace, a source path
// or a secret, and nothing the app logs meanwhile carries a secret either.

const hex = (n: number) => randomBytes(n).toString('hex');
const SECRETS = {
  NEXTAUTH_SECRET: `nextauth-${hex(24)}`,
  INNGEST_SIGNING_KEY: `signkey-test-${hex(32)}`,
  INNGEST_EVENT_KEY: `eventkey-${hex(24)}`,
  HERALD_WEBHOOK_SECRET: `webhook-${hex(24)}`,
};
const PASSWORD = `pw-${hex(12)}-correct-horse`;
const DB_PASSWORD = `dbpw${hex(12)}`;
const saved: Record<string, string | undefined> = {};

let key: string;
let revokedKey: string;
let email: string;
const secretValues = () => [...Object.values(SECRETS), PASSWORD, DB_PASSWORD, key, revokedKey];

// Everything written to the console or the process's streams while the requests run.
const logged: string[] = [];
const capture = () => {
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(formatWithOptions({ colors: false }, ...args)));
  for (const stream of [process.stdout, process.stderr]) vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => (logged.push(String(chunk)), true)) as never);
};

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const answers: { label: string; status: number; body: string }[] = [];

async function call(label: string, handler: Handler, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string; params?: Record<string, string | string[]> } = {}) {
  const req = new NextRequest(`http://herald.test${init.path ?? '/api/x'}`, { method: init.method ?? 'POST', headers: { 'content-type': 'application/json', ...init.headers }, body: init.body });
  const res = await inRequestScope(req, () => handler(req, { params: Promise.resolve(init.params ?? {}) }));
  const body = await res.text();
  answers.push({ label, status: res.status, body });
  return { status: res.status, body };
}

const STACK = /\n\s+at\s|\bat [\w$.<>]+ \(|:\d+:\d+\)/;
const SOURCE_PATH = /node_modules|(\/[\w.@-]+){2,}\.(ts|tsx|js|mjs|cjs)\b/;

beforeAll(async () => {
  for (const name of Object.keys(SECRETS)) saved[name] = process.env[name];
  Object.assign(process.env, SECRETS);
  resetEnvCache();
  const { workspace, members } = await createWorkspace();
  email = members.admin.email;
  const { hashPassword } = await import('@/lib/auth/password');
  const { db } = await import('@/lib/db');
  await db.user.update({ where: { id: members.admin.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  key = (await createApiKey({ workspaceId: workspace.id, name: 'k', role: 'admin' })).secret;
  const revoked = await createApiKey({ workspaceId: workspace.id, name: 'r', role: 'admin' });
  await revokeApiKey(workspace.id, revoked.id);
  revokedKey = revoked.secret;
});

afterAll(() => {
  vi.restoreAllMocks();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
});

describe('no secret, stack trace or path in any answer or log line', () => {
  it('drives the error paths', async () => {
    // Imported once the secrets are set, as a deployment would load them.
    const templates = await import('@/app/api/templates/route');
    const contacts = await import('@/app/api/v1/contacts/route');
    const campaign = await import('@/app/api/campaigns/[id]/route');
    const template = await import('@/app/api/templates/[id]/route');
    const heraldHook = await import('@/app/api/webhooks/herald/route');
    const sendgridHook = await import('@/app/api/webhooks/sendgrid/route');
    const sesHook = await import('@/app/api/webhooks/ses/route');
    const inngest = await import('@/app/api/inngest/route');
    const nextAuth = await import('@/app/api/auth/[...nextauth]/route');
    const { signHeraldWebhook } = await import('@/lib/webhooks/herald');
    const auth = { authorization: `Bearer ${key}` };

    capture();
    try {
      // Malformed JSON and bodies.
      expect((await call('malformed template', templates.POST, { headers: auth, body: '{"name": "x",' })).status).toBe(400);
      expect((await call('malformed contacts', contacts.POST, { headers: auth, body: `{"contacts": [{"email": "${PASSWORD}"}]` })).status).toBe(400);
      // Bad or missing credentials.
      expect((await call('unknown key', templates.GET, { method: 'GET', headers: { authorization: `Bearer hk_deadbeef_${hex(16)}` } })).status).toBe(401);
      expect((await call('revoked key', templates.GET, { method: 'GET', headers: { authorization: `Bearer ${revokedKey}` } })).status).toBe(401);
      expect((await call('secret as key', templates.GET, { method: 'GET', headers: { authorization: `Bearer ${SECRETS.NEXTAUTH_SECRET}` } })).status).toBe(401);
      // Unknown ids.
      expect((await call('unknown campaign', campaign.GET, { method: 'GET', headers: auth, params: { id: randomUUID() } })).status).toBe(404);
      expect((await call('bad template id', template.GET, { method: 'GET', headers: auth, params: { id: `../../${SECRETS.HERALD_WEBHOOK_SECRET}` } })).status).toBe(404);
      // Bad signatures on every signed endpoint.
      const events = JSON.stringify({ events: [{ type: 'delivered', messageId: randomUUID() }] });
      expect((await call('herald wrong signature', heraldHook.POST, { headers: { 'x-herald-signature': signHeraldWebhook(events, 'not-the-secret-at-all') }, body: events })).status).toBe(401);
      expect((await call('herald malformed', heraldHook.POST, { headers: { 'x-herald-signature': signHeraldWebhook('{"events":', SECRETS.HERALD_WEBHOOK_SECRET) }, body: '{"events":' })).status).toBe(400);
      expect((await call('sendgrid unsigned', sendgridHook.POST, { headers: { 'x-twilio-email-event-webhook-signature': 'AAAA', 'x-twilio-email-event-webhook-timestamp': '1' }, body: '[]' })).status).toBe(401);
      expect((await call('ses malformed', sesHook.POST, { body: '{"Type": "Notification"' })).status).toBe(401); // not configured
      for (const method of ['GET', 'POST', 'PUT'] as const) {
        const res = await call(`inngest ${method}`, inngest[method] as Handler, { method, path: '/api/inngest?fnId=herald-campaigns-dispatch&stepId=step', headers: { 'x-inngest-signature': `t=1&s=${hex(32)}` }, body: method === 'GET' ? undefined : '{"event": {"name": ' });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      // A wrong password at sign-in.
      await call('sign-in wrong password', nextAuth.POST as Handler, {
        path: '/api/auth/callback/credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
        body: new URLSearchParams({ email, password: `${PASSWORD}-wrong`, json: 'true' }).toString(),
        params: { nextauth: ['callback', 'credentials'] },
      });
      // An unexpected error thrown inside a handler, as a driver error echoing its connection string would.
      const boom = () => {
        throw new Error(`connect to postgres://herald:${DB_PASSWORD}@db.internal:5432/herald failed; key ${key}; secret ${SECRETS.NEXTAUTH_SECRET}`);
      };
      expect((await call('thrown in api()', api(['admin'], async () => boom()), { headers: auth, body: '{}' })).status).toBe(500);
      expect((await call('thrown in publicRoute()', publicRoute(async () => boom()), { body: '{}' })).status).toBe(500);
      const action = await runAction(async () => boom());
      answers.push({ label: 'thrown in a server action', status: action?.ok ? 200 : (action?.status ?? 0), body: JSON.stringify(action) });
    } finally {
      vi.restoreAllMocks();
    }

    const leaks = answers.flatMap(({ label, status, body }) => [
      ...secretValues().filter((s) => body.includes(s)).map((s) => `${label} (${status}) answered a secret ${s.slice(0, 12)}…`),
      ...(STACK.test(body) ? [`${label} (${status}) answered a stack trace: ${body.slice(0, 300)}`] : []),
      ...(SOURCE_PATH.test(body) || body.includes(process.cwd()) ? [`${label} (${status}) answered a source path: ${body.slice(0, 300)}`] : []),
    ]);
    expect(leaks).toEqual([]);
    const log = logged.join('\n');
    expect(secretValues().filter((s) => log.includes(s)).map((s) => `${s.slice(0, 12)}… logged`)).toEqual([]);
    // Not vacuous: the unexpected errors were logged, with their stack for the operator, and redacted.
    expect(log).toContain('[api] unhandled error');
    expect(log).toContain('[action] unhandled error');
    expect(log).toMatch(/postgres:\/\/herald:\[redacted\]@db\.internal/);
    expect(log).toMatch(STACK);
    console.info(`[no-leak] ${answers.length} error-path requests (${[...new Set(answers.map((a) => a.status))].sort().join(', ')}), ${logged.length} log writes checked for ${secretValues().length} secrets`);
  });

  it("a library's log lines (Inngest's refused signatures) are one redacted line each, without a stack", () => {
    logged.length = 0;
    capture();
    try {
      const logger = libraryLogger('inngest');
      logger.error({ err: new Error(`No x-inngest-signature provided for ${SECRETS.INNGEST_SIGNING_KEY}`), method: 'POST' }, 'Signature validation failed');
      logger.warn('plain', { n: 1 });
      logger.debug('dropped');
    } finally {
      vi.restoreAllMocks();
    }
    expect(logged).toEqual([
      '[inngest] err=Error: No x-inngest-signature provided for [redacted] method=POST Signature validation failed',
      '[inngest] plain n=1',
    ]);
  });
});
