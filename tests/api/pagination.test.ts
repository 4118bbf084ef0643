/**
 * One list contract for every list endpoint: `{ items, nextCursor }`, `?cursor=&limit=` walks every row once, and a
 * bad cursor or limit is a 400 naming the field.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { PAGE_LIMIT_MAX } from '@/lib/http/pagination';
import { numberedPage } from '@/lib/http/page';
import { listTemplates, templateTotal } from '@/lib/templates/service';
import { listSegments, segmentTotal } from '@/lib/segments/service';
import { flowTotal, listFlows } from '@/lib/flows/service';
import { call, keysFor } from '../helpers/callers';
import { createWorkspace } from '../helpers/factory';

vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => null }));

const routes = {
  '/api/attributes': (await import('@/app/api/attributes/route')).GET,
  '/api/templates': (await import('@/app/api/templates/route')).GET,
  '/api/segments': (await import('@/app/api/segments/route')).GET,
  '/api/flows': (await import('@/app/api/flows/route')).GET,
  '/api/campaigns': (await import('@/app/api/campaigns/route')).GET,
  '/api/v1/contacts': (await import('@/app/api/v1/contacts/route')).GET,
};
const ROWS = 5;

let key: string;
let workspaceId: string;

beforeAll(async () => {
  const { workspace } = await createWorkspace('Pages');
  workspaceId = workspace.id;
  key = (await keysFor(workspaceId)).viewer;
  const criteria = { type: 'group', combinator: 'and', children: [] };
  const segment = await db.segment.create({ data: { workspaceId, name: 'Everyone', criteria } });
  for (let i = 0; i < ROWS; i++) {
    await db.attributeDefinition.create({ data: { workspaceId, key: `attr_${i}`, label: `Attr ${i}`, type: 'string' } });
    await db.template.create({ data: { workspaceId, name: `T${i}`, subject: 's', htmlBody: '<p>x</p>' } });
    if (i > 0) await db.segment.create({ data: { workspaceId, name: `S${i}`, criteria } });
    await db.flow.create({ data: { workspaceId, name: `F${i}` } });
    await db.campaign.create({ data: { workspaceId, name: `C${i}`, segmentId: segment.id, startDate: '2026-01-01' } });
    await db.contact.create({ data: { workspaceId, email: `p${i}@pages.test` } });
  }
});

describe.each(Object.entries(routes))('GET %s', (path, handler) => {
  it('walks every row once, two at a time', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(handler, { key, path: `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((r: { id?: string; key?: string }) => r.id ?? r.key));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(ROWS);
    const all = await call(handler, { key, path });
    expect(all.body.items.map((r: { id?: string; key?: string }) => r.id ?? r.key)).toEqual(seen);
    expect(all.body.nextCursor).toBeNull();
  });

  it('answers 400 naming the field for a bad limit or cursor', async () => {
    for (const [query, field] of [[`limit=${PAGE_LIMIT_MAX + 1}`, 'limit'], ['limit=0', 'limit'], ['limit=x', 'limit'], ['cursor=%25%25', 'cursor'], ['cursor=bm90LWEtdXVpZA', 'cursor']] as const) {
      if (path === '/api/attributes' && query === 'cursor=bm90LWEtdXVpZA') continue; // "not-a-uuid" is a possible attribute key
      const res = await call(handler, { key, path: `${path}?${query}` });
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.body.fieldErrors), query).toContain(field);
    }
  });
});

describe('numbered pages of the templates, segments and flows screens', () => {
  type Rows = { skip: number; take: number };
  const lists: Record<string, [(ws: string) => Promise<number>, (ws: string, p: Rows) => Promise<{ id: string }[]>]> = {
    templates: [templateTotal, (ws, p) => listTemplates(ws, p)],
    segments: [segmentTotal, (ws, p) => listSegments(ws, { withCounts: true }, p)],
    flows: [flowTotal, (ws, p) => listFlows(ws, p)],
  };

  it.each(Object.entries(lists))('%s: pages of two walk every row once, with the total', async (_, [total, list]) => {
    const pageOf = (raw: string | undefined) => numberedPage(raw, () => total(workspaceId), (p) => list(workspaceId, p), 2);
    const pages = await Promise.all(['1', '2', '3'].map(pageOf));
    expect(pages.map((p) => [p.page, p.items.length, p.total])).toEqual([[1, 2, ROWS], [2, 2, ROWS], [3, 1, ROWS]]);
    const ids = pages.flatMap((p) => p.items.map((r) => r.id));
    expect(new Set(ids).size).toBe(ROWS);
    // What is not a page number shows the first page; a page past the end, the last.
    for (const raw of [undefined, '', '0', '-1', '1.5', 'abc']) expect((await pageOf(raw)).page, String(raw)).toBe(1);
    expect(await pageOf('99')).toMatchObject({ page: 3, items: pages[2]!.items });
  });

  it('an empty workspace has one empty page and asks for no rows', async () => {
    const { workspace } = await createWorkspace('Empty pages');
    const page = await numberedPage('3', () => templateTotal(workspace.id), () => Promise.reject(new Error('not asked')));
    expect(page).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });
});
