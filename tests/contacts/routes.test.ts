import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { GET, POST } from '@/app/api/v1/contacts/route';
import { getContact, listContacts } from '@/lib/contacts/service';
import { writeContacts } from '@/lib/contacts/upsert';
import { contactListQuerySchema } from '@/lib/contacts/schema';
import { createWorkspace } from '../helpers/factory';
import { call, twoTenants } from '../helpers/callers';

// Outside a Next request there are no cookies to read: a call without an API key has no session.
vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => null }));

let ws: string;
let otherWs: string;
let keys: Record<Role, string>;
let otherKeys: Record<Role, string>;

beforeAll(async () => {
  ({ ws, otherWs, keys, otherKeys } = await twoTenants());
  await db.attributeDefinition.createMany({
    data: [
      { workspaceId: ws, key: 'plan', label: 'Plan', type: 'string' },
      { workspaceId: ws, key: 'lifetime_value', label: 'LTV', type: 'number' },
    ],
  });
});

const post = (key: string | undefined, contacts: unknown) => call(POST, { method: 'POST', key, body: { contacts } });

describe('POST /api/v1/contacts', () => {
  it('creates, then updates only the fields sent, merging attributes and stamping opt-in once', async () => {
    const first = await post(keys.campaign_manager, [
      { email: 'Ava@Example.com', firstName: 'Ava', phone: '+447700900001', tags: ['VIP'], attributes: { plan: 'pro', lifetime_value: 10 } },
      { email: 'ben@example.com', marketingOptIn: true, optInSource: 'api' },
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, updated: 0, rejected: 0 });
    expect(first.body.results).toEqual([
      { index: 0, email: 'ava@example.com', status: 'created', id: expect.any(String) },
      { index: 1, email: 'ben@example.com', status: 'created', id: expect.any(String) },
    ]);
    const ben = await db.contact.findUniqueOrThrow({ where: { workspaceId_email: { workspaceId: ws, email: 'ben@example.com' } } });
    expect(ben.marketingOptIn).toBe(true);
    expect(ben.optInAt).toBeInstanceOf(Date);

    const second = await post(keys.admin, [
      { email: 'AVA@example.com', lastName: 'Smith', phone: null, attributes: { lifetime_value: 20, plan: null }, marketingOptIn: true },
      { email: 'ben@example.com', marketingOptIn: true, tags: [] },
    ]);
    expect(second.body).toMatchObject({ created: 0, updated: 2, rejected: 0 });
    const ava = await db.contact.findUniqueOrThrow({ where: { workspaceId_email: { workspaceId: ws, email: 'ava@example.com' } } });
    expect(ava).toMatchObject({ firstName: 'Ava', lastName: 'Smith', phone: null, tags: ['vip'], attributes: { lifetime_value: 20 }, marketingOptIn: true });
    expect(ava.optInAt).toBeInstanceOf(Date);
    expect(ava.id).toBe(first.body.results[0].id);
    const benAgain = await db.contact.findUniqueOrThrow({ where: { id: ben.id } });
    expect(benAgain.optInAt).toEqual(ben.optInAt); // already opted in: the original consent time stays
    expect(benAgain.tags).toEqual([]);
    expect(benAgain.optInSource).toBe('api');
  });

  it('rejects bad items with field errors and repeats, while writing the valid ones', async () => {
    const res = await post(keys.admin, [
      { email: 'good@example.com', timeZone: 'America/New_York' },
      { email: 'bad-email' },
      { email: 'zone@example.com', timeZone: 'Mars/Base', attributes: { lifetime_value: 'lots', mood: 'x' } },
      { email: 'GOOD@example.com', firstName: 'dup' },
      'not an object',
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 0, rejected: 4 });
    expect(res.body.results).toEqual([
      { index: 0, email: 'good@example.com', status: 'created', id: expect.any(String) },
      { index: 1, email: 'bad-email', status: 'rejected', errors: { email: ['Enter a valid email address'] } },
      { index: 2, email: 'zone@example.com', status: 'rejected', errors: { timeZone: [expect.any(String)], 'attributes.lifetime_value': [expect.any(String)], 'attributes.mood': [expect.any(String)] } },
      { index: 3, email: 'good@example.com', status: 'rejected', errors: { email: ['Repeats item 0 of this batch'] } },
      { index: 4, email: null, status: 'rejected', errors: { _: [expect.any(String)] } },
    ]);
    expect(await db.contact.findFirst({ where: { workspaceId: ws, email: 'good@example.com' } })).toMatchObject({ firstName: null, timeZone: 'America/New_York' });
    expect(await db.contact.findFirst({ where: { workspaceId: ws, email: 'zone@example.com' } })).toBeNull();
  });

  it('400 when every item is rejected or the envelope is wrong, 400 over 1,000 items; nothing written', async () => {
    const before = await db.contact.count({ where: { workspaceId: ws } });
    const allBad = await post(keys.admin, [{ email: 'nope' }]);
    expect(allBad.status).toBe(400);
    expect(allBad.body.results[0]).toMatchObject({ status: 'rejected' });
    expect((await call(POST, { method: 'POST', key: keys.admin, body: [{ email: 'a@b.co' }] })).status).toBe(400);
    expect((await post(keys.admin, [])).status).toBe(400);
    expect((await call(POST, { method: 'POST', key: keys.admin, body: 'nope' })).status).toBe(400);
    const tooMany = await post(keys.admin, Array.from({ length: 1001 }, (_, i) => ({ email: `bulk${i}@example.com` })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fieldErrors.contacts[0]).toMatch(/At most 1,000 contacts per request/);
    expect(await db.contact.count({ where: { workspaceId: ws } })).toBe(before);
  });

  it('takes a full batch of 1,000 in one call', async () => {
    const res = await post(keys.admin, Array.from({ length: 1000 }, (_, i) => ({ email: `batch${i}@example.com`, tags: ['batch'], attributes: { lifetime_value: i } })));
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1000);
    expect(await db.contact.count({ where: { workspaceId: ws, tags: { has: 'batch' } } })).toBe(1000);
  });

  it('401 without a key, 403 for a viewer writing; the workspace comes from the key, never the body', async () => {
    expect((await post(undefined, [{ email: 'x@example.com' }])).status).toBe(401);
    expect((await post(keys.viewer, [{ email: 'x@example.com' }])).status).toBe(403);
    expect((await call(GET, { key: keys.viewer, path: '/api/v1/contacts' })).status).toBe(200);
    const res = await post(otherKeys.campaign_manager, [{ email: 'ava@example.com', firstName: 'Other', workspaceId: ws }]);
    expect(res.body.results[0].status).toBe('created');
    expect(await db.contact.findFirst({ where: { workspaceId: ws, email: 'ava@example.com' } })).toMatchObject({ firstName: 'Ava' });
    expect(await db.contact.count({ where: { workspaceId: otherWs } })).toBe(1);
  });
});

describe('listing contacts', () => {
  const query = (q: Record<string, string>) => contactListQuerySchema.parse(q);

  it('pages newest first with opaque next/previous cursors that walk the whole list both ways', async () => {
    const { workspace } = await createWorkspace('Paging');
    const base = Date.parse('2026-01-01T00:00:00Z');
    // Two contacts share each timestamp, so the id breaks ties.
    await db.contact.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ workspaceId: workspace.id, email: `p${String(i).padStart(2, '0')}@example.com`, createdAt: new Date(base + Math.floor(i / 2) * 1000), marketingOptIn: i % 3 === 0 })),
    });
    const all = await db.contact.findMany({ where: { workspaceId: workspace.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
    const seen: string[] = [];
    let page = await listContacts(workspace.id, query({ limit: '10' }));
    expect(page.prevCursor).toBeNull();
    const pages = [page];
    while (page.nextCursor) {
      page = await listContacts(workspace.id, query({ limit: '10', cursor: page.nextCursor }));
      pages.push(page);
    }
    for (const p of pages) seen.push(...p.items.map((c) => c.id));
    expect(seen).toEqual(all.map((c) => c.id));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    // And back again from the last page.
    const back = await listContacts(workspace.id, query({ limit: '10', cursor: pages[2].prevCursor! }));
    expect(back.items.map((c) => c.id)).toEqual(pages[1].items.map((c) => c.id));
    const first = await listContacts(workspace.id, query({ limit: '10', cursor: back.prevCursor! }));
    expect(first.items.map((c) => c.id)).toEqual(pages[0].items.map((c) => c.id));
    expect(first.prevCursor).toBeNull();
    expect(first.nextCursor).not.toBeNull();

    const optedIn = await listContacts(workspace.id, query({ optIn: 'yes', limit: '50' }));
    expect(optedIn.items).toHaveLength(9);
    expect(optedIn.nextCursor).toBeNull();
  });

  it('searches by email prefix or name, filters by tag, and refuses a forged cursor', async () => {
    const { workspace } = await createWorkspace('Search');
    await db.contact.createMany({
      data: [
        { workspaceId: workspace.id, email: 'ava.smith@example.com', firstName: 'Ava', lastName: 'Smith', tags: ['vip'] },
        { workspaceId: workspace.id, email: 'ben@example.com', firstName: 'Ben', lastName: 'Cavalli' },
        { workspaceId: workspace.id, email: 'zed@example.com', firstName: 'Zed', lastName: 'Jones' },
      ],
    });
    const emails = async (q: Record<string, string>) => (await listContacts(workspace.id, query(q))).items.map((c) => c.email).sort();
    expect(await emails({ q: 'AVA' })).toEqual(['ava.smith@example.com', 'ben@example.com']);
    expect(await emails({ q: 'ava smi' })).toEqual(['ava.smith@example.com']);
    expect(await emails({ q: 'zed@' })).toEqual(['zed@example.com']);
    expect(await emails({ q: 'example.com' })).toEqual([]);
    expect(await emails({ tag: 'VIP' })).toEqual(['ava.smith@example.com']);
    const res = await call(GET, { key: otherKeys.viewer, path: '/api/v1/contacts?cursor=forged' });
    expect(res.status).toBe(400);
    expect(res.body.fieldErrors).toHaveProperty('cursor');
    expect((await call(GET, { key: otherKeys.viewer, path: '/api/v1/contacts?limit=5000' })).status).toBe(400);
  });

  it('the API lists only the caller\'s workspace', async () => {
    const res = await call(GET, { key: otherKeys.viewer, path: '/api/v1/contacts?q=ava' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { email: string }) => c.email)).toEqual(['ava@example.com']);
    expect(res.body.items[0].firstName).toBe('Other');
  });
});

describe('one contact', () => {
  it('comes with its campaigns and messages, and is a 404 from another workspace', async () => {
    const contact = await db.contact.findFirstOrThrow({ where: { workspaceId: ws, email: 'ava@example.com' } });
    const segment = await db.segment.create({ data: { workspaceId: ws, name: 's', criteria: {} } });
    const campaign = await db.campaign.create({ data: { workspaceId: ws, name: 'Welcome', segmentId: segment.id, status: 'active' } });
    await db.campaignRecipient.create({ data: { campaignId: campaign.id, contactId: contact.id, state: 'in_progress' } });
    await db.message.create({ data: { workspaceId: ws, campaignId: campaign.id, contactId: contact.id, stepIndex: 0, toAddress: contact.email, status: 'sent', sentAt: new Date() } });
    // A later campaign it is in comes first; one that targeted someone else is not listed.
    const later = await db.campaign.create({ data: { workspaceId: ws, name: 'Later', segmentId: segment.id, status: 'completed', createdAt: new Date(Date.now() + 60_000) } });
    await db.campaignRecipient.create({ data: { campaignId: later.id, contactId: contact.id, state: 'excluded', exclusionReason: 'unsubscribed' } });
    const other = await db.contact.create({ data: { workspaceId: ws, email: 'not-ava@example.com' } });
    const elsewhere = await db.campaign.create({ data: { workspaceId: ws, name: 'Elsewhere', segmentId: segment.id, status: 'active' } });
    await db.campaignRecipient.create({ data: { campaignId: elsewhere.id, contactId: other.id } });
    const detail = await getContact(ws, contact.id);
    expect(detail.recipients).toEqual([
      { state: 'excluded', exclusionReason: 'unsubscribed', campaign: { id: later.id, name: 'Later', status: 'completed' } },
      { state: 'in_progress', exclusionReason: null, campaign: { id: campaign.id, name: 'Welcome', status: 'active' } },
    ]);
    expect(detail.messages).toEqual([expect.objectContaining({ status: 'sent', campaign: { id: campaign.id, name: 'Welcome' } })]);
    await expect(getContact(otherWs, contact.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('writeContacts', () => {
  it('stores tags exactly as given, whatever characters they hold', async () => {
    const { workspace } = await createWorkspace('Tags');
    const tags = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '{braces}', 'NULL', ' spaced ', 'é 😀', ''];
    await writeContacts(db, workspace.id, [{ email: 'tags@example.com', tags }, { email: 'none@example.com', tags: [] }]);
    const stored = await db.contact.findMany({ where: { workspaceId: workspace.id }, orderBy: { email: 'asc' }, select: { tags: true } });
    expect(stored.map((c) => c.tags)).toEqual([[], tags]);
  });

  it('stores every text field and consent exactly as given, whatever characters the text holds', async () => {
    const { workspace } = await createWorkspace('Texts');
    await db.attributeDefinition.create({ data: { workspaceId: workspace.id, key: 'plan', label: 'Plan', type: 'string' } });
    const odd = { firstName: 'NULL', lastName: 'with "quotes", back\\slash', optInSource: '{braces},a', locale: 'en-GB', timeZone: 'Europe/London' };
    await writeContacts(db, workspace.id, [
      { email: 'odd@example.com', ...odd, marketingOptIn: true, smsOptIn: false, callOptIn: true, attributes: { plan: 'x"y\\z' } },
      { email: 'plain@example.com', firstName: '', smsOptIn: true },
    ]);
    const stored = await db.contact.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { email: 'asc' },
      select: { firstName: true, lastName: true, optInSource: true, locale: true, timeZone: true, marketingOptIn: true, smsOptIn: true, callOptIn: true, attributes: true },
    });
    expect(stored).toEqual([
      { ...odd, marketingOptIn: true, smsOptIn: false, callOptIn: true, attributes: { plan: 'x"y\\z' } },
      { firstName: '', lastName: null, optInSource: null, locale: null, timeZone: null, marketingOptIn: false, smsOptIn: true, callOptIn: false, attributes: {} },
    ]);
  });

  it('runs inside a caller\'s transaction and rolls back with it', async () => {
    const { workspace } = await createWorkspace('Tx');
    await expect(
      db.$transaction(async (tx) => {
        const rows = await writeContacts(tx, workspace.id, [{ email: 'b@example.com' }, { email: 'a@example.com', tags: ['x'] }]);
        expect(rows.map((r) => [r.email, r.created])).toEqual([['a@example.com', true], ['b@example.com', true]]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.contact.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
