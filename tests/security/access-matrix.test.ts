import { inRequestScope } from '../support/request-scope';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { ACTION_POLICY, HTTP_METHODS, PUBLIC, ROUTE_POLICY, accessOf, actionAccessOf, type Access } from '@/lib/auth/policy';
import type { Role } from '@/lib/auth/roles';
import { createWorkspace } from '../helpers/factory';
import { keysFor } from '../helpers/callers';

// Every route handler on disk × every method it exports × every kind of caller, and every server action × every
// session caller, through the real handlers and database, judged against the one declared policy (lib/auth/policy.ts).

type Session = { user: { id: string; email: string; name: string }; workspaceId: string } | null;
let session: Session = null;
// Server actions refresh Next's page cache on success; outside a Next server there is none to refresh.
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => session }));

const APP = path.resolve(__dirname, '../../app');

/** Every module under app/ that starts with 'use server', as `/(app)/flows/actions`. */
function discoverActionModules(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return discoverActionModules(full);
    if (!/\.tsx?$/.test(e.name) || !/^\s*['"]use server['"]/.test(readFileSync(full, 'utf8'))) return [];
    return ['/' + path.relative(APP, full).replace(/\.tsx?$/, '')];
  });
}

/** `app/api/campaigns/[id]/route.ts` → `/api/campaigns/[id]`; route groups `(x)` are not part of the URL. */
function discoverRoutes(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return discoverRoutes(full);
    if (e.name !== 'route.ts') return [];
    const url = '/' + path.relative(APP, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join('/');
    return [url];
  });
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

interface Caller {
  name: string;
  role: Role | null;
  foreign: boolean;
  session?: Session;
  key?: string;
}

const marker = `alpha-${randomBytes(6).toString('hex')}`;
const A: Record<string, string> = {};
let callers: Caller[];

beforeAll(async () => {
  const [own, other] = await Promise.all([createWorkspace(`${marker} workspace`), createWorkspace('B')]);
  const ws = own.workspace.id;
  const [keys, otherKeys] = await Promise.all([keysFor(ws), keysFor(other.workspace.id)]);
  const sessionOf = (m: { id: string; email: string }, workspaceId: string): Session => ({ user: { id: m.id, email: m.email, name: 'x' }, workspaceId });
  callers = [
    { name: 'signed out', role: null, foreign: false },
    { name: 'foreign admin session', role: 'admin', foreign: true, session: sessionOf(other.members.admin, other.workspace.id) },
    { name: 'foreign admin key', role: 'admin', foreign: true, key: otherKeys.admin },
    ...(['viewer', 'campaign_manager', 'admin'] as const).flatMap((role) => [
      { name: `${role} session`, role, foreign: false, session: sessionOf(own.members[role], ws) },
      { name: `${role} key`, role, foreign: false, key: keys[role] },
    ]),
  ];

  // Workspace A's data, every name carrying the marker so a leak to another tenant is visible in any body.
  const contact = await db.contact.create({ data: { workspaceId: ws, email: `${marker}@example.test`, firstName: marker } });
  const segment = await db.segment.create({ data: { workspaceId: ws, name: `${marker} segment`, criteria: { type: 'group', combinator: 'and', children: [] } } });
  const template = await db.template.create({ data: { workspaceId: ws, name: `${marker} template`, subject: marker, htmlBody: `<p>${marker}</p>` } });
  const flow = await db.flow.create({ data: { workspaceId: ws, name: `${marker} flow` } });
  const campaign = await db.campaign.create({ data: { workspaceId: ws, name: `${marker} campaign`, segmentId: segment.id, templateId: template.id, flowId: flow.id } });
  const imp = await db.contactImport.create({ data: { workspaceId: ws, fileName: `${marker}.csv`, status: 'completed' } });
  const code = Array.from(randomBytes(12), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('');
  await db.qrCode.create({ data: { workspaceId: ws, campaignId: campaign.id, contactId: contact.id, code } });
  const step = await db.flowStep.create({ data: { flowId: flow.id, position: 0, type: 'WAIT', waitHours: 1 } });
  const spare = await db.user.create({ data: { email: `${marker}.spare@example.test`, name: marker, passwordHash: 'x' } });
  await db.membership.create({ data: { userId: spare.id, workspaceId: ws, role: 'viewer' } });
  const apiKey = await db.apiKey.findFirstOrThrow({ where: { workspaceId: ws }, select: { id: true } });
  Object.assign(A, { step: step.id, spareUser: spare.id, apiKey: apiKey.id });
  Object.assign(A, { contact: contact.id, segment: segment.id, template: template.id, flow: flow.id, campaign: campaign.id, import: imp.id, code });
});

/** The path parameters of a route, naming workspace A's records. */
function paramsFor(route: string): Record<string, string | string[]> {
  const resource = /^\/api\/(campaigns|flows|imports|segments|templates)\/\[id\]/.exec(route)?.[1];
  const params: Record<string, string | string[]> = {};
  if (resource) params.id = A[resource === 'imports' ? 'import' : resource.slice(0, -1)]!;
  if (route.includes('[index]')) params.index = '0';
  if (route.includes('[code]')) params.code = A.code!;
  if (route.includes('[token]')) params.token = 'not-a-signed-token';
  if (route.includes('[...nextauth]')) params.nextauth = ['session'];
  return params;
}

const namesForeignRecord = (route: string) => /\[(id|code)\]/.test(route);

/** Valid input where a route checks it before it looks the record up, so the tenant check is what answers. */
const VALID: Record<string, { query?: string; body?: unknown }> = {
  'PATCH /api/campaigns/[id]': { body: { name: `${marker} campaign` } },
  'GET /api/campaigns/[id]/contacts': { query: '?state=pending' },
  'PUT /api/campaigns/[id]/status': { body: { status: 'paused' } },
  'PATCH /api/flows/[id]': { body: { name: `${marker} flow` } },
  'PUT /api/templates/[id]': { body: { name: `${marker} template`, subject: marker, htmlBody: `<p>${marker}</p>` } },
  'POST /api/templates/[id]/test-send': { body: { to: `${marker}@example.test` } },
};

function requestFor(route: string, method: string, caller: Caller): NextRequest {
  const headers: Record<string, string> = { host: 'herald.test', origin: 'http://herald.test', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
  if (caller.key) headers.authorization = `Bearer ${caller.key}`;
  const valid = VALID[`${method} ${route}`] ?? {};
  const url = `http://herald.test${route.replace(/\[\.\.\.\w+\]/, 'session')}${valid.query ?? ''}`;
  const body = ['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method) ? undefined : JSON.stringify(valid.body ?? {});
  return new NextRequest(url, { method, headers, body });
}

interface Outcome {
  route: string;
  method: string;
  caller: string;
  status: number;
  body: string;
}

/** What the policy says this caller must get; null when any answer below 500 is right (public routes, own callers). */
function expected(access: Access, route: string, caller: Caller): number | null {
  if (access === PUBLIC) return null;
  if (!caller.role) return 401;
  if (!access.includes(caller.role)) return 403;
  if (caller.foreign && namesForeignRecord(route)) return 404;
  return null;
}

// The matrix makes several hundred calls one after another (mutations must not overlap): minutes on a busy machine.
describe('access matrix: every route × method × caller against lib/auth/policy.ts', () => {
  const routes = discoverRoutes().sort();
  const modules = new Map<string, Record<string, unknown>>();
  const methodsOf = (route: string) => HTTP_METHODS.filter((m) => typeof modules.get(route)![m] === 'function');

  beforeAll(async () => {
    for (const route of routes) modules.set(route, await import(path.join(APP, route, 'route.ts')));
  });

  it('every route handler on disk has a policy entry, and every entry a handler', () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.flatMap((r) => methodsOf(r).filter((m) => !accessOf(r, m)).map((m) => `${m} ${r}`));
    expect(missing, 'routes without a policy entry in lib/auth/policy.ts').toEqual([]);
    const stale = Object.entries(ROUTE_POLICY).flatMap(([r, methods]) => Object.keys(methods).filter((m) => !modules.get(r) || !methodsOf(r).includes(m as never)).map((m) => `${m} ${r}`));
    expect(stale, 'policy entries without a route handler').toEqual([]);
  });

  it('answers 401 signed out, 403 to a role not allowed, 404 to another workspace, never 500, and never leaks', async () => {
    const outcomes: Outcome[] = [];
    const wrong: string[] = [];
    // Deletions last, so every other call still finds workspace A's records in place.
    const calls = routes.flatMap((route) => methodsOf(route).filter((method) => accessOf(route, method)).map((method) => ({ route, method }))).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const { route, method } of calls) {
      const access = accessOf(route, method)!;
      const handler = modules.get(route)![method] as Handler;
      for (const caller of callers) {
        session = caller.session ?? null;
        const req = requestFor(route, method, caller);
        const res = await inRequestScope(req, () => handler(req, { params: Promise.resolve(paramsFor(route)) }));
        const body = await res.text();
        outcomes.push({ route, method, caller: caller.name, status: res.status, body });
        const want = expected(access, route, caller);
        const label = `${method} ${route} as ${caller.name}: ${res.status} ${body.slice(0, 200)}`;
        if (res.status >= 500 && !(route === '/api/health' && res.status === 503)) wrong.push(`server error — ${label}`);
        else if (want !== null && res.status !== want) wrong.push(`expected ${want} — ${label}`);
        else if (want === null && access !== PUBLIC && (res.status === 401 || res.status === 403)) wrong.push(`allowed caller refused — ${label}`);
        if (caller.foreign && [marker, ...Object.values(A)].some((v) => body.includes(v))) wrong.push(`workspace A's data leaked — ${label}`);
      }
    }
    session = null;
    expect(wrong).toEqual([]);

    // Not vacuous: A's own callers did see A's data, and every outcome class occurred.
    const own = outcomes.filter((o) => o.caller === 'admin key' && o.method === 'GET' && o.body.includes(marker));
    expect(own.length).toBeGreaterThan(5);
    const tally = outcomes.reduce<Record<number, number>>((t, o) => ({ ...t, [o.status]: (t[o.status] ?? 0) + 1 }), {});
    console.info(`[access-matrix] ${outcomes.length} calls over ${calls.length} route methods × ${callers.length} callers; statuses ${JSON.stringify(tally)}`);
    expect(tally[401]).toBeGreaterThan(0);
    expect(tally[403]).toBeGreaterThan(0);
    expect(tally[404]).toBeGreaterThan(0);
  }, 300_000);
});

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

/** Arguments for each server action, naming workspace A's records and valid enough to reach the tenant check. */
const ACTION_ARGS: Record<string, () => unknown[]> = {
  saveCampaignStepAction: () => [A.campaign, 'audience', { name: `${marker} campaign`, segmentId: A.segment }],
  changeCampaignStatusAction: () => [A.campaign, 'paused'],
  deleteCampaignAction: () => [A.campaign],
  createFlowAction: () => [null, form({ name: 'New flow' })],
  saveFlowDetailsAction: () => [A.flow, { name: `${marker} flow` }],
  addFlowStepAction: () => [A.flow, { type: 'WAIT', waitHours: 2 }],
  updateFlowStepAction: () => [A.flow, A.step, { type: 'WAIT', waitHours: 3 }],
  moveFlowStepAction: () => [A.flow, A.step, 0],
  removeFlowStepAction: () => [A.flow, A.step],
  copyFlowAction: () => [A.flow],
  deleteFlowAction: () => [A.flow],
  saveSegmentAction: () => [A.segment, { name: `${marker} segment`, criteria: { type: 'group', combinator: 'and', children: [] } }],
  deleteSegmentAction: () => [A.segment],
  saveContactChannelsAction: () => [A.contact, { smsOptIn: true }],
  saveTemplateAction: () => [A.template, { name: `${marker} template`, subject: marker, htmlBody: `<p>${marker}</p>` }],
  deleteTemplateAction: () => [A.template],
  sendTestAction: () => [A.template, { to: `${marker}@example.test` }],
  addMemberAction: () => [null, form({ email: `new.${randomBytes(4).toString('hex')}@example.test`, name: 'New', role: 'viewer', password: 'correct-horse-battery-staple' })],
  setRoleAction: () => [A.spareUser, 'viewer'],
  removeMemberAction: () => [A.spareUser],
  createApiKeyAction: () => [null, form({ name: 'k', role: 'viewer' })],
  revokeApiKeyAction: () => [A.apiKey],
  saveEngagementAction: () => [null, form({ quietHoursStart: '21:00', quietHoursEnd: '08:00' })],
  chooseWinnerAction: () => [A.campaign, 0, 'B'],
  signInAction: () => [null, form({ email: 'nobody@example.test', password: 'wrong-password' })],
};
/** Actions that create in the caller's own workspace: a foreign caller may succeed there, it names nothing of A. */
const CREATES = new Set(['createFlowAction', 'addMemberAction', 'createApiKeyAction', 'saveEngagementAction']);

type ActionResult = { ok: boolean; status?: number; error?: string } | Record<string, unknown> | null | undefined;

describe('access matrix: every server action × caller against lib/auth/policy.ts', () => {
  const modules = discoverActionModules().sort();
  const actions = new Map<string, Record<string, unknown>>();
  const namesOf = (m: string) => Object.keys(actions.get(m)!).filter((n) => typeof actions.get(m)![n] === 'function');

  beforeAll(async () => {
    for (const m of modules) actions.set(m, await import(path.join(APP, `${m}.ts`)));
  });

  it('every exported server action has a policy entry and arguments here, and every entry an action', () => {
    expect(modules.length).toBeGreaterThan(3);
    const missing = modules.flatMap((m) => namesOf(m).filter((n) => !actionAccessOf(m, n) || !ACTION_ARGS[n]).map((n) => `${m}#${n}`));
    expect(missing, 'server actions without a policy entry in lib/auth/policy.ts (or arguments in this test)').toEqual([]);
    const stale = Object.entries(ACTION_POLICY).flatMap(([m, names]) => Object.keys(names).filter((n) => !actions.get(m) || !namesOf(m).includes(n)).map((n) => `${m}#${n}`));
    expect(stale).toEqual([]);
  });

  it('refuses signed out (401), a role not allowed (403) and another workspace (404), never 500, never leaks', async () => {
    const wrong: string[] = [];
    let count = 0;
    const sessionCallers = callers.filter((c) => !c.key);
    const calls = modules.flatMap((m) => namesOf(m).filter((n) => actionAccessOf(m, n)).map((n) => ({ m, n })));
    // Destructive actions last, so the others still find A's records.
    const destructive = (n: string) => /^(delete|remove|revoke)/.test(n);
    calls.sort((a, b) => Number(destructive(a.n)) - Number(destructive(b.n)));
    for (const { m, n } of calls) {
      const access = actionAccessOf(m, n)!;
      const action = actions.get(m)![n] as (...args: unknown[]) => Promise<ActionResult>;
      for (const caller of sessionCallers) {
        session = caller.session ?? null;
        count++;
        const req = new NextRequest('http://herald.test/', { method: 'POST', headers: { host: 'herald.test', origin: 'http://herald.test' } });
        let result: ActionResult;
        try {
          result = await inRequestScope(req, () => action(...ACTION_ARGS[n]!()));
        } catch (err) {
          // redirect() after success works by throwing; anything else is a crash.
          if (String((err as { digest?: string }).digest ?? '').startsWith('NEXT_REDIRECT')) result = { ok: true, status: 303 };
          else throw err;
        }
        const status = result && 'ok' in result ? (result.ok ? 200 : Number(result.status ?? 400)) : 200;
        const text = JSON.stringify(result ?? null);
        const label = `${m}#${n} as ${caller.name}: ${status} ${text.slice(0, 200)}`;
        const want = access === PUBLIC ? null : !caller.role ? 401 : !access.includes(caller.role) ? 403 : caller.foreign && !CREATES.has(n) ? 404 : null;
        if (status >= 500) wrong.push(`server error — ${label}`);
        else if (want !== null && status !== want) wrong.push(`expected ${want} — ${label}`);
        else if (want === null && access !== PUBLIC && (status === 401 || status === 403)) wrong.push(`allowed caller refused — ${label}`);
        if (caller.foreign && [marker, ...Object.values(A)].some((v) => text.includes(v))) wrong.push(`workspace A's data leaked — ${label}`);
      }
    }
    session = null;
    expect(wrong).toEqual([]);
    console.info(`[access-matrix] ${count} server-action calls over ${calls.length} actions × ${sessionCallers.length} session callers`);
    // A's spare member was only ever removed by A's own admin, never by the foreign one.
    expect(await db.membership.count({ where: { userId: A.spareUser } })).toBe(0);
  }, 300_000);
});
