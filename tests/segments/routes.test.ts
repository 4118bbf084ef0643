import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { GET as listRoute, POST as createRoute } from '@/app/api/segments/route';
import { DELETE as deleteRoute, GET as getRoute, PUT as putRoute } from '@/app/api/segments/[id]/route';
import { POST as previewRoute } from '@/app/api/segments/preview/route';
import { call, twoTenants } from '../helpers/callers';

// Outside a Next request there are no cookies to read: a call without an API key has no session.
vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => null }));

const vipCriteria = { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'VIP' }] };

let ws: string;
let keys: Record<Role, string>;
let otherKeys: Record<Role, string>;

beforeAll(async () => {
  let otherWs: string;
  ({ ws, otherWs, keys, otherKeys } = await twoTenants());
  await db.attributeDefinition.create({ data: { workspaceId: ws, key: 'plan', label: 'Plan', type: 'string' } });
  await db.contact.createMany({
    data: [
      { workspaceId: ws, email: 'a@example.com', tags: ['vip'], attributes: { plan: 'pro' } },
      { workspaceId: ws, email: 'b@example.com', tags: ['vip', 'trial'] },
      { workspaceId: ws, email: 'c@example.com', tags: [] },
      { workspaceId: otherWs, email: 'z@example.com', tags: ['vip'] },
    ],
  });
});

describe('segment routes', () => {
  it('creates, reads, lists with counts, updates and deletes a segment', async () => {
    const created = await call(createRoute, { method: 'POST', key: keys.campaign_manager, body: { name: '  VIPs ', criteria: vipCriteria } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'VIPs', description: null, criteria: { children: [{ value: 'vip' }] } });
    const id = created.body.id as string;

    expect((await call(getRoute, { key: keys.viewer, params: { id } })).body).toMatchObject({ id, name: 'VIPs' });
    const list = await call(listRoute, { key: keys.viewer, path: '/api/segments?counts=true' });
    expect(list.body.items).toEqual([expect.objectContaining({ id, count: 2 })]);

    const updated = await call(putRoute, {
      method: 'PUT',
      key: keys.admin,
      params: { id },
      body: { name: 'Pro VIPs', description: 'd', criteria: { ...vipCriteria, children: [...vipCriteria.children, { type: 'condition', field: 'attributes.plan', operator: 'equals', value: 'PRO' }] } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Pro VIPs', description: 'd' });
    expect((await call(listRoute, { key: keys.viewer, path: '/api/segments?counts=1' })).body.items[0].count).toBe(1);

    expect((await call(deleteRoute, { method: 'DELETE', key: keys.campaign_manager, params: { id } })).status).toBe(204);
    expect((await call(getRoute, { key: keys.viewer, params: { id } })).status).toBe(404);
  });

  it('previews a count, a sample and the time taken, scoped to the caller\'s workspace', async () => {
    const res = await call(previewRoute, { method: 'POST', key: keys.viewer, body: { criteria: vipCriteria } });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.sample.map((s: { email: string }) => s.email).sort()).toEqual(['a@example.com', 'b@example.com']);
    expect(typeof res.body.tookMs).toBe('number');
    expect((await call(previewRoute, { method: 'POST', key: otherKeys.viewer, body: { criteria: vipCriteria } })).body.count).toBe(1);
  });

  it('401 without credentials or with a bad key, 403 for viewers writing', async () => {
    expect((await call(listRoute, { key: 'hk_00000000_notarealkeynotarealkey00' })).status).toBe(401);
    expect((await call(previewRoute, { method: 'POST', body: { criteria: vipCriteria } })).status).toBe(401);
    expect((await call(createRoute, { method: 'POST', key: keys.viewer, body: { name: 'x', criteria: vipCriteria } })).status).toBe(403);
    const seg = await db.segment.create({ data: { workspaceId: ws, name: 'kept', criteria: vipCriteria } });
    expect((await call(putRoute, { method: 'PUT', key: keys.viewer, params: { id: seg.id }, body: { name: 'x', criteria: vipCriteria } })).status).toBe(403);
    expect((await call(deleteRoute, { method: 'DELETE', key: keys.viewer, params: { id: seg.id } })).status).toBe(403);
    expect(await db.segment.findUnique({ where: { id: seg.id } })).toMatchObject({ name: 'kept' });
  });

  it('400 with field errors naming the bad node, and nothing saved', async () => {
    const before = await db.segment.count({ where: { workspaceId: ws } });
    const bad = {
      name: '',
      criteria: {
        type: 'group',
        combinator: 'and',
        children: [
          { type: 'condition', field: 'email', operator: 'is_set' },
          { type: 'group', combinator: 'or', children: [{ type: 'condition', field: 'tags', operator: 'gt', value: 1 }, { type: 'condition', field: 'email; drop table contacts', operator: 'equals', value: 'x' }] },
        ],
      },
    };
    const res = await call(createRoute, { method: 'POST', key: keys.admin, body: bad });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fieldErrors).sort()).toEqual(['criteria.children.1.children.0.operator', 'criteria.children.1.children.1.field', 'name']);
    expect((await call(createRoute, { method: 'POST', key: keys.admin, body: { name: 'x'.repeat(121), criteria: vipCriteria } })).body.fieldErrors).toHaveProperty('name');
    expect((await call(createRoute, { method: 'POST', key: keys.admin, body: '{not json' })).status).toBe(400);
    expect((await call(previewRoute, { method: 'POST', key: keys.admin, body: { criteria: { ...vipCriteria, children: [{ type: 'condition', field: 'attributes.nope', operator: 'is_set' }] } } })).body.fieldErrors).toEqual({
      'criteria.children.0.field': ['Unknown field "attributes.nope"'],
    });
    expect(await db.segment.count({ where: { workspaceId: ws } })).toBe(before);
  });

  it('404 for another workspace\'s segment or a malformed id; it stays untouched', async () => {
    const theirs = await call(createRoute, { method: 'POST', key: otherKeys.admin, body: { name: 'Theirs', criteria: vipCriteria } });
    const id = theirs.body.id as string;
    expect((await call(getRoute, { key: keys.admin, params: { id } })).status).toBe(404);
    expect((await call(putRoute, { method: 'PUT', key: keys.admin, params: { id }, body: { name: 'Mine now', criteria: vipCriteria } })).status).toBe(404);
    expect((await call(putRoute, { method: 'PUT', key: keys.admin, params: { id }, body: { name: '' } })).status).toBe(404);
    expect((await call(deleteRoute, { method: 'DELETE', key: keys.admin, params: { id } })).status).toBe(404);
    expect((await call(getRoute, { key: keys.admin, params: { id: 'not-a-uuid' } })).status).toBe(404);
    expect((await call(listRoute, { key: keys.admin })).body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(await db.segment.findUnique({ where: { id } })).toMatchObject({ name: 'Theirs' });
  });

  it('409 when deleting a segment a campaign uses, naming running campaigns first', async () => {
    const seg = await db.segment.create({ data: { workspaceId: ws, name: 'used', criteria: vipCriteria } });
    const campaign = await db.campaign.create({ data: { workspaceId: ws, name: 'Spring launch', segmentId: seg.id, status: 'active' } });
    let res = await call(deleteRoute, { method: 'DELETE', key: keys.admin, params: { id: seg.id } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/running campaigns: Spring launch/);
    await db.campaign.update({ where: { id: campaign.id }, data: { status: 'paused' } });
    expect((await call(deleteRoute, { method: 'DELETE', key: keys.admin, params: { id: seg.id } })).status).toBe(409);
    await db.campaign.update({ where: { id: campaign.id }, data: { status: 'completed' } });
    res = await call(deleteRoute, { method: 'DELETE', key: keys.admin, params: { id: seg.id } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatch(/used by campaigns: Spring launch/);
    await db.campaign.delete({ where: { id: campaign.id } });
    expect((await call(deleteRoute, { method: 'DELETE', key: keys.admin, params: { id: seg.id } })).status).toBe(204);
  });
});
