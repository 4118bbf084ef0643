import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import * as collection from '@/app/api/campaigns/route';
import * as item from '@/app/api/campaigns/[id]/route';
import * as status from '@/app/api/campaigns/[id]/status/route';
import { addContacts, call, tenant, tomorrow } from './helpers';
import { countOutboxEvents } from '../helpers/outbox';

const create = (key: string, body: unknown) => call(collection.POST, key, { method: 'POST', path: '/api/campaigns', body });
const setStatus = (key: string, id: string, to: string) => call(status.PUT, key, { method: 'PUT', body: { status: to }, params: { id } });
const campaignBody = (t: Awaited<ReturnType<typeof tenant>>, extra: Record<string, unknown> = {}) => ({
  name: 'Spring sale',
  segmentId: t.segment.id,
  templateId: t.templates[0].id,
  startDate: tomorrow(),
  startTimeOfDay: '09:00',
  ...extra,
});

describe('POST /api/campaigns', () => {
  it('stores a draft with the workspace time zone by default', async () => {
    const t = await tenant('campaign_manager', 'America/New_York');
    const res = await create(t.key, campaignBody(t));
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.campaign).toMatchObject({ status: 'draft', timeZone: 'America/New_York', useRecipientTimeZone: false, flowId: null, createdById: t.keyId });
  });

  it('refuses a segment that is not in this workspace with a 400 naming segmentId, storing nothing', async () => {
    const t = await tenant();
    const other = await tenant();
    for (const segmentId of [randomUUID(), other.segment.id]) {
      const res = await create(t.key, campaignBody(t, { segmentId }));
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fieldErrors)).toEqual(['segmentId']);
    }
    expect(await db.campaign.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
  });

  it('creates the campaign without a flow, with a warning, when the flow is not found', async () => {
    const t = await tenant();
    const flowId = randomUUID();
    const res = await create(t.key, campaignBody(t, { flowId }));
    expect(res.status).toBe(201);
    expect(res.body.campaign.flowId).toBeNull();
    expect(res.body.warnings).toEqual([`Flow ${flowId} not found; the campaign was created without a flow`]);
    expect(await db.campaign.count({ where: { workspaceId: t.workspace.id } })).toBe(1);
  });

  it('answers bad input with 400 and field errors, and changes nothing', async () => {
    const t = await tenant();
    const res = await create(t.key, {
      name: '',
      segmentId: 'nope',
      startDate: '2026-02-30',
      startTimeOfDay: '25:00',
      timeZone: 'Mars/Olympus_Mons',
      sendRateLimit: 0,
      useRecipientTimeZone: 'yes',
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fieldErrors).sort()).toEqual(
      ['name', 'segmentId', 'startDate', 'startTimeOfDay', 'timeZone', 'sendRateLimit', 'useRecipientTimeZone', 'templateId'].sort(),
    );
    expect(res.body.fieldErrors.useRecipientTimeZone).toEqual(['Expected true or false']);
    // A field left out, or of the wrong kind, is named in plain words, not in the validator's own.
    const bare = await create(t.key, { name: 'No date', segmentId: t.segment.id, templateId: t.templates[0].id, startTimeOfDay: 9, quietHours: 'never' });
    expect(bare.body.fieldErrors).toEqual({ startDate: ['Required'], startTimeOfDay: ['Expected text'], quietHours: ['Choose how quiet hours apply'] });
    expect((await create(t.key, null)).body.fieldErrors).toEqual({ _: ['Give an object, not null'] });
    expect((await create(t.key, '{not json')).status).toBe(400);
    expect((await create(t.key, campaignBody(t, { sendRateLimit: 10_001 }))).status).toBe(400);
    expect((await create(t.key, campaignBody(t, { templateId: (await tenant()).templates[0].id }))).body.fieldErrors).toHaveProperty('templateId');
    expect(await db.campaign.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
  });

  it('is closed to viewers', async () => {
    const t = await tenant('viewer');
    expect((await create(t.key, campaignBody(t))).status).toBe(403);
  });
});

describe('GET /api/campaigns', () => {
  it('filters by status and pages by cursor, with the total', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(t.key, campaignBody(t, { name: `C${i}` }))).body.campaign.id);
    await addContacts(t.workspace.id, [{}]);
    expect((await setStatus(t.key, ids[0], 'active')).status).toBe(200);
    const list = (query: string) => call(collection.GET, t.key, { path: `/api/campaigns?${query}` });

    const drafts = await list('status=draft&limit=2');
    expect(drafts.status).toBe(200);
    expect(drafts.body.total).toBe(4);
    expect(drafts.body.items.map((c: { name: string }) => c.name)).toEqual(['C4', 'C3']);
    const page2 = await list(`status=draft&limit=2&cursor=${drafts.body.nextCursor}`);
    expect(page2.body.items.map((c: { name: string }) => c.name)).toEqual(['C2', 'C1']);

    const seen: string[] = [];
    let cursor = '';
    do {
      const res = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.total).toBe(5);
      seen.push(...res.body.items.map((c: { name: string }) => c.name));
      cursor = res.body.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual(['C4', 'C3', 'C2', 'C1', 'C0']);

    expect((await list('status=active')).body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    expect((await list('status=archived')).status).toBe(400);
    expect((await list('limit=201')).status).toBe(400);
    expect((await list('limit=0')).status).toBe(400);
    expect((await list('limit=2.5')).body.fieldErrors.limit).toEqual(['Use a whole number']);
    expect((await list('cursor=garbage')).status).toBe(400);
    expect((await list('cursor=%2F%2F')).body.fieldErrors.cursor).toHaveLength(1);
    expect((await list('')).body.items).toHaveLength(5);
  });
});

describe('GET / PATCH / DELETE /api/campaigns/[id]', () => {
  it('edits and deletes drafts only (409 otherwise), and hides other workspaces (404)', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}]);
    const id = (await create(t.key, campaignBody(t))).body.campaign.id;

    const patched = await call(item.PATCH, t.key, { method: 'PATCH', params: { id }, body: { name: 'Renamed', useRecipientTimeZone: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.campaign).toMatchObject({ name: 'Renamed', useRecipientTimeZone: true, startTimeOfDay: '09:00' });
    const bad = await call(item.PATCH, t.key, { method: 'PATCH', params: { id }, body: { startDate: 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toHaveProperty('startDate');
    const noContent = await call(item.PATCH, t.key, { method: 'PATCH', params: { id }, body: { templateId: null } });
    expect(noContent.status).toBe(400);
    const missingFlow = await call(item.PATCH, t.key, { method: 'PATCH', params: { id }, body: { flowId: randomUUID() } });
    expect(missingFlow.body.warnings[0]).toMatch(/not found; the campaign was saved without a flow/);

    const other = await tenant();
    for (const [handler, method] of [[item.GET, 'GET'], [item.PATCH, 'PATCH'], [item.DELETE, 'DELETE']] as const) {
      const res = await call(handler, other.key, { method, params: { id }, body: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(res.status).toBe(404);
    }
    expect((await setStatus(other.key, id, 'active')).status).toBe(404);
    expect((await call(item.GET, t.key, { params: { id: 'not-a-uuid' } })).status).toBe(404);

    expect((await setStatus(t.key, id, 'active')).status).toBe(200);
    const patchActive = await call(item.PATCH, t.key, { method: 'PATCH', params: { id }, body: { name: 'Too late' } });
    expect(patchActive.status).toBe(409);
    expect((await call(item.DELETE, t.key, { method: 'DELETE', params: { id } })).status).toBe(409);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).name).toBe('Renamed');

    const draft = (await create(t.key, campaignBody(t))).body.campaign.id;
    expect((await call(item.DELETE, t.key, { method: 'DELETE', params: { id: draft } })).status).toBe(200);
    expect(await db.campaign.count({ where: { id: draft } })).toBe(0);
  });

  it('shows the campaign with its schedule and status history', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}, {}]);
    const id = (await create(t.key, campaignBody(t))).body.campaign.id;
    await setStatus(t.key, id, 'active');
    await setStatus(t.key, id, 'paused');
    const res = await call(item.GET, t.key, { params: { id } });
    expect(res.status).toBe(200);
    expect(res.body.campaign.schedule).toHaveLength(1);
    expect(res.body.history.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}→${h.toStatus}`)).toEqual(['draft→active', 'active→paused']);
    expect(res.body.history[0].actorName).toBe('API key “test”');
  });
});

describe('PUT /api/campaigns/[id]/status', () => {
  it('refuses a forbidden transition with a 409 naming the allowed ones', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}]);
    const id = (await create(t.key, campaignBody(t))).body.campaign.id;
    const paused = await setStatus(t.key, id, 'paused');
    expect(paused.status).toBe(409);
    expect(paused.body.allowedTransitions).toEqual(['active']);
    expect(paused.body.error).toMatch(/allowed from draft: active/);
    expect((await setStatus(t.key, id, 'draft')).status).toBe(409);
    expect((await setStatus(t.key, id, 'archived')).status).toBe(400);
    await setStatus(t.key, id, 'active');
    const again = await setStatus(t.key, id, 'active');
    expect(again.status).toBe(409);
    expect(again.body.allowedTransitions).toEqual(['paused', 'completed']);
    await setStatus(t.key, id, 'completed');
    const done = await setStatus(t.key, id, 'active');
    expect(done.status).toBe(409);
    expect(done.body.allowedTransitions).toEqual([]);
    expect(await db.campaignStatusChange.count({ where: { campaignId: id } })).toBe(2);
  });

  it('lets exactly one of two racing activations win', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, Array.from({ length: 50 }, () => ({})));
    const id = (await create(t.key, campaignBody(t))).body.campaign.id;
    const results = await Promise.all([setStatus(t.key, id, 'active'), setStatus(t.key, id, 'active')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.campaignRecipient.count({ where: { campaignId: id } })).toBe(50);
    expect(await db.campaignStep.count({ where: { campaignId: id } })).toBe(1);
    expect(await db.campaignStatusChange.count({ where: { campaignId: id } })).toBe(1);
    expect(await countOutboxEvents({ workspaceId: t.workspace.id })).toBe(1);
  });

  it('refuses to activate a draft without a start date or content', async () => {
    const t = await tenant();
    const { createCampaign } = await import('@/lib/campaigns/crud');
    const { campaign } = await createCampaign(t.actor, { name: 'Half done', segmentId: t.segment.id });
    const res = await setStatus(t.key, campaign.id, 'active');
    expect(res.status).toBe(409);
    expect(res.body.missing).toEqual(['startDate']);
    await db.campaign.update({ where: { id: campaign.id }, data: { startDate: tomorrow() } });
    expect((await setStatus(t.key, campaign.id, 'active')).body.missing).toEqual(['flowId', 'templateId']);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe('draft');
  });
});
