import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { POST as uploadRoute } from '@/app/api/imports/route';
import { GET as listRoute, POST as declareRoute } from '@/app/api/attributes/route';
import { POST as startRoute } from '@/app/api/imports/[id]/start/route';
import { createWorkspace } from '../helpers/factory';
import { MAX_ATTRIBUTES, listAttributeDefinitions } from '@/lib/contacts/attributes';
import { keysFor, postJson, upload } from './helpers';

const declare = async (key: string, body: unknown) => {
  const res = await declareRoute(
    new Request('http://localhost/api/attributes', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: await res.json() };
};

describe('declaring an attribute from the mapping step', () => {
  it('lets an unknown column (city) be imported once its attribute is declared with a type', async () => {
    const { workspace } = await createWorkspace();
    const keys = await keysFor(workspace.id);
    const { body } = await upload(uploadRoute, keys.campaign_manager, 'email,city,visits\nann@example.com,Leeds,3\n');
    expect(body.suggestedMapping).toEqual({ email: 'email', city: 'ignore', visits: 'ignore' });
    const mapping = { email: 'email', city: 'attributes.city', visits: 'attributes.visits' };
    expect((await postJson(startRoute, keys.admin, body.id, { mapping })).body.fieldErrors['mapping.city']).toEqual(['Declare the attribute "city" first']);

    const city = await declare(keys.campaign_manager, { key: 'city', type: 'string' });
    expect(city).toEqual({ status: 201, body: { key: 'city', label: 'City', type: 'string' } });
    expect((await declare(keys.campaign_manager, { key: 'visits', type: 'number', label: 'Store visits' })).status).toBe(201);
    expect((await declare(keys.campaign_manager, { key: 'city', type: 'date' })).status).toBe(409);
    const bad = await declare(keys.campaign_manager, { key: 'Home City', type: 'text' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['key', 'type']);
    expect((await declare(keys.viewer, { key: 'zip', type: 'string' })).status).toBe(403);

    const list = await listRoute(new Request('http://localhost/api/attributes', { headers: { authorization: `Bearer ${keys.viewer}` } }), { params: Promise.resolve({}) });
    expect((await list.json()).items).toEqual([
      { key: 'city', label: 'City', type: 'string' },
      { key: 'visits', label: 'Store visits', type: 'number' },
    ]);
    expect((await postJson(startRoute, keys.admin, body.id, { mapping })).status).toBe(202);
    expect(await db.attributeDefinition.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it('refuses a declaration past the most a workspace holds, so every picker lists them all', async () => {
    const { workspace } = await createWorkspace();
    const keys = await keysFor(workspace.id);
    await db.attributeDefinition.createMany({ data: Array.from({ length: MAX_ATTRIBUTES - 1 }, (_, i) => ({ workspaceId: workspace.id, key: `a${i}`, label: `A${i}`, type: 'string' as const })) });
    expect((await declare(keys.campaign_manager, { key: 'last_one', type: 'number' })).status).toBe(201);
    const over = await declare(keys.campaign_manager, { key: 'one_more', type: 'number' });
    expect(over.status).toBe(409);
    expect(over.body.error).toContain('1,000 attributes');
    expect(await db.attributeDefinition.count({ where: { workspaceId: workspace.id } })).toBe(MAX_ATTRIBUTES);
    expect(await listAttributeDefinitions(workspace.id)).toHaveLength(MAX_ATTRIBUTES);
  });
});
