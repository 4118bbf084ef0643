import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/auth/api-keys';
import type { Actor } from '@/lib/auth/context';
import type { Role } from '@/lib/auth/roles';
import type { Prisma } from '@/lib/generated/prisma/client';
import { createWorkspace } from '../helpers/factory';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler the way Next does, with an API key; answers status and parsed JSON. */
export async function call(handler: Handler, key: string, init: { method?: string; path?: string; body?: unknown; params?: Record<string, string> } = {}) {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const req = new Request(`http://herald.test${init.path ?? '/api'}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const tagged = (tag: string) => ({ type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: tag }] });

/** A workspace with an API key, two templates and a segment matching contacts tagged `camp`. */
export async function tenant(role: Role = 'campaign_manager', timeZone = 'Europe/London') {
  const { workspace, members } = await createWorkspace();
  await db.workspace.update({ where: { id: workspace.id }, data: { timeZone } });
  const key = await createApiKey({ workspaceId: workspace.id, name: 'test', role });
  const templates = await Promise.all(
    ['Welcome', 'Follow-up', 'Last call'].map((name) =>
      db.template.create({ data: { workspaceId: workspace.id, name, subject: name, htmlBody: `<p>${name}</p>` } }),
    ),
  );
  const segment = await db.segment.create({ data: { workspaceId: workspace.id, name: 'Campers', criteria: tagged('camp') as Prisma.InputJsonValue } });
  const actor: Actor = { workspaceId: workspace.id, role, apiKeyId: key.id, via: 'api_key' };
  return { workspace, members, key: key.secret, keyId: key.id, templates, segment, actor };
}

export interface ContactSpec {
  tags?: string[];
  optIn?: boolean;
  unsubscribed?: boolean;
  timeZone?: string | null;
  suppressed?: 'unsubscribed' | 'bounced' | 'complained' | 'manual';
}

/** Inserts contacts (and their suppressions) for a workspace. */
export async function addContacts(workspaceId: string, specs: ContactSpec[]) {
  const rows = specs.map((s, i) => ({
    workspaceId,
    email: `c${i}.${randomUUID().slice(0, 8)}@example.test`,
    tags: s.tags ?? ['camp'],
    marketingOptIn: s.optIn ?? true,
    unsubscribedAt: s.unsubscribed ? new Date('2026-01-01T00:00:00Z') : null,
    timeZone: s.timeZone ?? null,
  }));
  await db.contact.createMany({ data: rows });
  const suppressions = specs.flatMap((s, i) => (s.suppressed ? [{ workspaceId, email: rows[i].email, reason: s.suppressed }] : []));
  if (suppressions.length) await db.suppression.createMany({ data: suppressions });
  return rows;
}

/** A campaign's recipients keyed by their contact's email, in email order (recipients hold no address of their own). */
export async function recipientsByEmail(campaignId: string) {
  const recipients = await db.campaignRecipient.findMany({ where: { campaignId } });
  const contacts = await db.contact.findMany({ where: { id: { in: recipients.map((r) => r.contactId) } }, select: { id: true, email: true } });
  const emailOf = new Map(contacts.map((c) => [c.id, c.email]));
  return new Map(recipients.map((r) => [emailOf.get(r.contactId)!, r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
