import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { proxy } from '@/proxy';
import * as templates from '@/app/api/templates/route';
import { createWorkspace } from '../helpers/factory';
import { keyFor } from '../helpers/routes';

// The signed-in browser: next-auth's session as the cookie would give it.
let session: { user: { id: string; email: string; name: string }; workspaceId: string } | null = null;
vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => session }));

let ws: string;
let key: string;

beforeAll(async () => {
  const { workspace, members } = await createWorkspace();
  ws = workspace.id;
  key = await keyFor(ws, 'admin');
  session = { user: { id: members.admin.id, email: members.admin.email, name: 'admin' }, workspaceId: ws };
});

describe('security headers', () => {
  const headersOf = async (url: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) => (await proxy(new NextRequest(url, init))).headers;

  it('every response carries a CSP with a fresh nonce, frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const path of ['/sign-in', '/campaigns', '/api/v1/me', '/t/o/abc']) {
      const h = await headersOf(`http://herald.test${path}`);
      expect(h.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(h.get('strict-transport-security')).toBeNull();
    }
    const nonce = async () => /'nonce-([^']+)'/.exec((await headersOf('http://herald.test/sign-in')).get('content-security-policy')!)![1];
    expect(await nonce()).not.toBe(await nonce());
  });

  it('HSTS is sent when the request arrived over https, directly or behind a proxy', async () => {
    expect((await headersOf('https://herald.test/sign-in')).get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await headersOf('http://herald.test/sign-in', { headers: { 'x-forwarded-proto': 'https' } })).get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('a page without a session still redirects to sign-in, with the headers', async () => {
    const res = await proxy(new NextRequest('http://herald.test/campaigns?x=1'));
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('http://herald.test/sign-in?callbackUrl=%2Fcampaigns%3Fx%3D1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Origin check on cookie-authenticated mutations', () => {
  const template = (n: number) => JSON.stringify({ name: `T${n}`, subject: 'Hi', htmlBody: '<p>x</p>' });
  const send = async (headers: Record<string, string>, body: string) => {
    const res = await templates.POST(new Request('http://herald.test/api/templates', { method: 'POST', headers: { host: 'herald.test', ...headers }, body }), { params: Promise.resolve({}) });
    return res.status;
  };

  it('refuses a foreign Origin (even a text/plain "simple" request) and a cross-site browser request without one', async () => {
    expect(await send({ origin: 'https://evil.example', 'content-type': 'text/plain' }, template(1))).toBe(403);
    expect(await send({ origin: 'https://evil.example', 'content-type': 'application/json' }, template(2))).toBe(403);
    expect(await send({ origin: 'null', 'content-type': 'text/plain' }, template(3))).toBe(403);
    expect(await send({ 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }, template(4))).toBe(403);
    expect(await db.template.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it('accepts the same origin, and API keys from anywhere', async () => {
    expect(await send({ origin: 'http://herald.test', 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, template(5))).toBe(201);
    expect(await send({ origin: 'https://elsewhere.example', authorization: `Bearer ${key}`, 'content-type': 'application/json' }, template(6))).toBe(201);
    expect(await db.template.count({ where: { workspaceId: ws } })).toBe(2);
  });

  it('reads are not affected', async () => {
    const res = await templates.GET(new Request('http://herald.test/api/templates', { headers: { origin: 'https://evil.example' } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
  });
});
