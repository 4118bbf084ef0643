import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import * as collection from '@/app/api/templates/route';
import * as item from '@/app/api/templates/[id]/route';
import * as preview from '@/app/api/templates/preview/route';
import * as testSend from '@/app/api/templates/[id]/test-send/route';
import { createWorkspace } from '../helpers/factory';
import { callRoute, keyFor } from '../helpers/routes';

const valid = {
  name: 'Welcome',
  subject: 'Welcome {{ first_name | default: "there" }}',
  preheader: 'Glad you are here',
  htmlBody: '<p>Hi {{ first_name }}, your plan is {{ plan }}.</p><p>{{ nickname }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
};

let ws: Awaited<ReturnType<typeof createWorkspace>>;
let other: Awaited<ReturnType<typeof createWorkspace>>;
let key: string;
let otherKey: string;

beforeAll(async () => {
  ws = await createWorkspace('Templates A');
  other = await createWorkspace('Templates B');
  key = await keyFor(ws.workspace.id);
  otherKey = await keyFor(other.workspace.id);
  await db.attributeDefinition.create({ data: { workspaceId: ws.workspace.id, key: 'plan', label: 'Plan', type: 'string' } });
});

const create = async (body: object = valid, k = key) => callRoute(collection.POST, { key: k, method: 'POST', body });
const count = (workspaceId: string) => db.template.count({ where: { workspaceId } });

describe('template CRUD', () => {
  it('creates, lists, reads and updates a template, returning unknown-variable warnings', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Welcome', textBody: null, preheader: 'Glad you are here' });
    expect(created.body.warnings).toEqual([expect.objectContaining({ field: 'htmlBody', variable: 'nickname', line: 1, column: 59 })]);
    const id = created.body.id;

    const list = await callRoute(collection.GET, { key });
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(id);

    const got = await callRoute(item.GET, { key, params: { id } });
    expect(got.body).toMatchObject({ id, htmlBody: valid.htmlBody });

    const updated = await callRoute(item.PUT, { key, method: 'PUT', params: { id }, body: { ...valid, name: 'Welcome v2', textBody: '  ' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Welcome v2', textBody: null });
    expect(new Date(updated.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(got.body.updatedAt).getTime());
  });

  it('answers a syntax error with 400, its field, line and column, and stores nothing', async () => {
    const before = await count(ws.workspace.id);
    const res = await create({ ...valid, htmlBody: '<p>ok</p>\n<p>{% if plan %}</p>' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'htmlBody', line: 2, column: 4, message: 'tag {% if plan %} not closed', fieldErrors: { htmlBody: [expect.stringContaining('Line 2, column 4')] } });
    const subject = await create({ ...valid, subject: 'Hi {{ first_name | shout }}' });
    expect(subject.status).toBe(400);
    expect(subject.body).toMatchObject({ field: 'subject', line: 1, column: 4 });
    expect(await count(ws.workspace.id)).toBe(before);
  });

  it('answers invalid fields with 400 and field errors, never 500', async () => {
    const res = await create({ name: '', subject: 'x'.repeat(301), htmlBody: '' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fieldErrors).sort()).toEqual(['htmlBody', 'name', 'subject']);
    const huge = await create({ ...valid, htmlBody: 'x'.repeat(500 * 1024 + 1) });
    expect(huge.status).toBe(400);
    expect(huge.body.fieldErrors.htmlBody).toBeDefined();
    const notJson = await callRoute(collection.POST, { key, method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    const wrongTypes = await create({ name: 3, subject: null, htmlBody: ['x'] });
    expect(wrongTypes.status).toBe(400);
  });

  it('hides another workspace\'s template: 404 for read, update, delete, test send', async () => {
    const { body } = await create();
    const id = body.id;
    expect((await callRoute(item.GET, { key: otherKey, params: { id } })).status).toBe(404);
    expect((await callRoute(item.PUT, { key: otherKey, method: 'PUT', params: { id }, body: valid })).status).toBe(404);
    expect((await callRoute(item.DELETE, { key: otherKey, method: 'DELETE', params: { id } })).status).toBe(404);
    expect((await callRoute(testSend.POST, { key: otherKey, method: 'POST', params: { id }, body: { to: 'a@example.test' } })).status).toBe(404);
    expect((await callRoute(item.GET, { key, params: { id: 'not-a-uuid' } })).status).toBe(404);
    expect((await db.template.findUniqueOrThrow({ where: { id } })).name).toBe('Welcome');
  });

  it('lets viewers read but not write', async () => {
    const viewer = await keyFor(ws.workspace.id, 'viewer');
    expect((await callRoute(collection.GET, { key: viewer })).status).toBe(200);
    expect((await create(valid, viewer)).status).toBe(403);
  });
});

describe('deleting', () => {
  it('refuses (409) while a flow step uses the template, then deletes once it is free', async () => {
    const { body } = await create();
    const flow = await db.flow.create({ data: { workspaceId: ws.workspace.id, name: 'Onboarding' } });
    const step = await db.flowStep.create({ data: { flowId: flow.id, position: 0, type: 'SEND_EMAIL', templateId: body.id } });
    const refused = await callRoute(item.DELETE, { key, method: 'DELETE', params: { id: body.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('Onboarding');
    expect(refused.body.flows).toEqual([{ id: flow.id, name: 'Onboarding' }]);
    await db.flowStep.delete({ where: { id: step.id } });
    expect((await callRoute(item.DELETE, { key, method: 'DELETE', params: { id: body.id } })).status).toBe(204);
    expect(await db.template.findUnique({ where: { id: body.id } })).toBeNull();
  });

  it('refuses (409) while a non-draft campaign uses it, but lets a draft campaign lose it', async () => {
    const segment = await db.segment.create({ data: { workspaceId: ws.workspace.id, name: 'All', criteria: {} } });
    const used = (await create()).body.id;
    await db.campaign.create({ data: { workspaceId: ws.workspace.id, name: 'Spring', segmentId: segment.id, templateId: used, status: 'active' } });
    const refused = await callRoute(item.DELETE, { key, method: 'DELETE', params: { id: used } });
    expect(refused.status).toBe(409);
    expect(refused.body.campaigns).toEqual([expect.objectContaining({ name: 'Spring', status: 'active' })]);

    const drafted = (await create()).body.id;
    const draft = await db.campaign.create({ data: { workspaceId: ws.workspace.id, name: 'Draft', segmentId: segment.id, templateId: drafted } });
    expect((await callRoute(item.DELETE, { key, method: 'DELETE', params: { id: drafted } })).status).toBe(204);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: draft.id } })).templateId).toBeNull();
  });
});

describe('preview', () => {
  it('renders unsaved content for a contact of the workspace, with sample specials and warnings', async () => {
    const contact = await db.contact.create({ data: { workspaceId: ws.workspace.id, email: 'grace@example.test', firstName: '<Grace>', attributes: { plan: 'pro' } } });
    const res = await callRoute(preview.POST, { key, method: 'POST', body: { ...valid, contactId: contact.id } });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Welcome <Grace>');
    expect(res.body.html).toContain('Hi &lt;Grace&gt;, your plan is pro.');
    expect(res.body.html).toContain('href="https://example.invalid/sample-unsubscribe-link"');
    expect(res.body.text).toContain('Unsubscribe (https://example.invalid/sample-unsubscribe-link)');
    expect(res.body.warnings.map((w: { variable: string }) => w.variable)).toEqual(['nickname']);
    expect(res.body.contact).toEqual({ id: contact.id, email: 'grace@example.test' });
  });

  it('uses the sample contact without contactId and a sample QR image', async () => {
    const res = await callRoute(preview.POST, { key, method: 'POST', body: { subject: 'Hi {{ first_name }}', htmlBody: '{{ qr_code }}' } });
    expect(res.body.subject).toBe('Hi Sample');
    expect(res.body.html).toMatch(/^<img src="data:image\/svg\+xml;base64,[^"]+" alt="Sample QR code/);
    expect(res.body.text).toBe('QR code: SAMPLE-QR-CODE');
  });

  it('refuses another workspace\'s contact (404) and reports syntax and render errors as 400', async () => {
    const foreign = await db.contact.create({ data: { workspaceId: other.workspace.id, email: 'secret@example.test', firstName: 'Secret' } });
    const res = await callRoute(preview.POST, { key, method: 'POST', body: { ...valid, contactId: foreign.id } });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('Secret');
    const syntax = await callRoute(preview.POST, { key, method: 'POST', body: { subject: 'x', htmlBody: 'a\nb {{ email' } });
    expect(syntax).toMatchObject({ status: 400, body: { field: 'htmlBody', line: 2, column: 3 } });
    const hostile = await callRoute(preview.POST, { key, method: 'POST', body: { subject: 'x', htmlBody: '{% for i in (1..100000000) %}x{% endfor %}' } });
    expect(hostile).toMatchObject({ status: 400, body: { field: 'htmlBody', message: expect.stringMatching(/limit exceeded/) } });
  });
});
