/**
 * Shared pieces of the analytics API tests: a tenant with one API key per role, events written straight to
 * ClickHouse (the rollups fill through their materialized views), and route calls the way Next.js makes them.
 */
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { insertRows } from '@/lib/clickhouse';
import { toClickHouseRow, type AnalyticsEventInput } from '@/lib/analytics/events';
import { noteAnalyticsChanged } from '@/lib/analytics/answer-cache';
import { keysFor } from '../helpers/callers';
import { createWorkspace } from '../helpers/factory';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function tenant() {
  const { workspace, members } = await createWorkspace();
  const keys = await keysFor(workspace.id);
  return { workspaceId: workspace.id, members, keys };
}

/** GET (or another method) on a route handler; JSON answers parsed, CSV answers as text. */
export async function call(handler: Handler, key: string, path: string, init: { method?: string; params?: Record<string, string> } = {}) {
  const req = new Request(`http://herald.test${path}`, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}` } });
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = type.includes('json') ? JSON.parse(text) : text;
  return { status: res.status, body, headers: res.headers };
}

let seq = 0;

/** A message event of `tenantId` at `at`; everything else overridable. */
export function ev(tenantId: string, eventType: AnalyticsEventInput['eventType'], at: Date | string, patch: Partial<AnalyticsEventInput> = {}): AnalyticsEventInput {
  const i = seq++;
  return {
    tenantId,
    eventType,
    entityType: 'message',
    entityId: `m-${i}`,
    channel: 'email',
    contactId: `contact-${i}`,
    sourceType: 'campaign',
    occurredAt: typeof at === 'string' ? at : at.toISOString(),
    ...patch,
  };
}

/** `n` copies of an event, each its own entity and contact unless the patch says otherwise. */
export const evs = (n: number, tenantId: string, eventType: AnalyticsEventInput['eventType'], at: Date | string, patch: Partial<AnalyticsEventInput> = {}) =>
  Array.from({ length: n }, () => ev(tenantId, eventType, at, patch));

/**
 * Writes events to analytics_events (and through the views to both rollups), then notes the change as any writer
 * around the flusher must, so no answer cached before the write is served after it.
 */
export async function insertEvents(events: AnalyticsEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) await insertRows('analytics_events', events.slice(i, i + 5000).map(toClickHouseRow));
  await noteAnalyticsChanged(events.map((e) => e.tenantId));
}

/** A campaign row of the workspace (with a segment to hang it on). */
export async function campaign(workspaceId: string, data: { name?: string; status?: 'draft' | 'active' | 'paused' | 'completed'; flowId?: string; templateId?: string; targetedCount?: number; activatedAt?: Date; completedAt?: Date; pausedAt?: Date } = {}) {
  const segment = await db.segment.create({ data: { workspaceId, name: `s-${randomUUID().slice(0, 6)}`, criteria: { type: 'group', combinator: 'and', children: [] } } });
  return db.campaign.create({ data: { workspaceId, segmentId: segment.id, name: data.name ?? 'Campaign', status: data.status ?? 'active', flowId: data.flowId, templateId: data.templateId, targetedCount: data.targetedCount ?? 0, activatedAt: data.activatedAt, completedAt: data.completedAt, pausedAt: data.pausedAt } });
}

export const template = (workspaceId: string, name: string) => db.template.create({ data: { workspaceId, name, subject: name, htmlBody: `<p>${name}</p>` } });

export const iso = (s: string) => new Date(s);
