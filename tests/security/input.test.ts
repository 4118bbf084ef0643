import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { MAX_METADATA_BYTES, MAX_METADATA_DEPTH } from '@/lib/analytics/events';
import * as contacts from '@/app/api/v1/contacts/route';
import * as segments from '@/app/api/segments/route';
import * as segmentPreview from '@/app/api/segments/preview/route';
import * as templates from '@/app/api/templates/route';
import * as campaigns from '@/app/api/campaigns/route';
import * as flows from '@/app/api/flows/route';
import * as events from '@/app/api/v1/events/route';
import * as overview from '@/app/api/v1/analytics/overview/route';
import { storableJsonText } from '@/lib/http/parse';
import { call, twoTenants } from '../helpers/callers';
import { countOutboxEvents } from '../helpers/outbox';

vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => null }));

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';

let ws: string;
let keys: Record<Role, string>;

beforeAll(async () => {
  ({ ws, keys } = await twoTenants());
});

const post = (handler: Parameters<typeof call>[0], body: unknown) => call(handler, { method: 'POST', key: keys.admin, body });

describe('text PostgreSQL cannot store is a 400 naming the field', () => {
  it('a JSON text without a NUL or surrogate escape is known storable; one with it is checked value by value', () => {
    expect(storableJsonText(JSON.stringify({ a: 'plain', 'é 😀': ['\\u0000 typed out'] }))).toBe(false); // the lookalike is checked, not trusted
    expect(storableJsonText(JSON.stringify({ a: 'plain text, 😀, ü', n: [1, { k: 'v' }] }))).toBe(true);
    for (const bad of [NUL, LONE, 'x\udc00']) expect(storableJsonText(JSON.stringify({ [bad]: 1 }))).toBe(false);
    expect(storableJsonText('{"k":"\\ud83d\\ude00"}')).toBe(false); // an escaped pair is fine, but is checked rather than parsed here
    expect(storableJsonText(JSON.stringify({ m: NUL }).toUpperCase())).toBe(false);
  });

  it('U+0000 in query strings (?q=%00, ?tag=%00, analytics params)', async () => {
    for (const param of ['q', 'tag']) {
      const res = await call(contacts.GET, { key: keys.viewer, path: `/api/v1/contacts?${param}=a%00b` });
      expect(res).toMatchObject({ status: 400, body: { fieldErrors: { [param]: [expect.stringMatching(/cannot be stored/)] } } });
      // An encoded surrogate is not UTF-8: the URL parser already turns it into U+FFFD, which is stored fine.
      expect((await call(contacts.GET, { key: keys.viewer, path: `/api/v1/contacts?${param}=%ED%A0%80` })).status).toBe(200);
    }
    const analytics = await call(overview.GET, { key: keys.viewer, path: '/api/v1/analytics/overview?from=%00' });
    expect(analytics).toMatchObject({ status: 400, body: { fieldErrors: { from: [expect.stringMatching(/cannot be stored/)] } } });
  });

  it.each([['U+0000', NUL], ['a lone surrogate', LONE]])('%s in segment, template, campaign and flow bodies stores nothing', async (_, bad) => {
    const criteria = { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'firstName', operator: 'equals', value: bad }] };
    const answers = [
      await post(segments.POST, { name: 'ok', criteria }),
      await post(segmentPreview.POST, { criteria }),
      await post(segments.POST, { name: bad, criteria: { ...criteria, children: [] } }),
      await post(templates.POST, { name: bad, subject: 'Hi', htmlBody: '<p>x</p>' }),
      await post(templates.POST, { name: 'ok', subject: 'Hi', htmlBody: `<p>${bad}</p>` }),
      await post(flows.POST, { name: bad }),
      await post(campaigns.POST, { name: bad }),
    ];
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(answers[0].body.fieldErrors).toHaveProperty(['criteria.children.0.value']);
    expect(answers[3].body.fieldErrors).toHaveProperty(['name']);
    expect(await db.segment.count({ where: { workspaceId: ws } })).toBe(0);
    expect(await db.template.count({ where: { workspaceId: ws } })).toBe(0);
    expect(await db.flow.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it('one bad contact in a batch fails only itself', async () => {
    const res = await post(contacts.POST, {
      contacts: [
        { email: 'good.one@example.test', firstName: 'Good' },
        { email: 'nul@example.test', firstName: NUL },
        { email: 'lone@example.test', lastName: LONE },
        { email: 'good.two@example.test', tags: ['fine'] },
        { email: 'tagged@example.test', tags: [NUL] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, rejected: 3 });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected', 'rejected', 'created', 'rejected']);
    expect(res.body.results[1].errors).toHaveProperty('firstName');
    expect(res.body.results[2].errors).toHaveProperty('lastName');
    expect(res.body.results[4].errors).toHaveProperty(['tags.0']);
    expect((await db.contact.findMany({ where: { workspaceId: ws }, select: { email: true }, orderBy: { email: 'asc' } })).map((c) => c.email)).toEqual([
      'good.one@example.test',
      'good.two@example.test',
    ]);
  });
});

describe('documented limits', () => {
  const event = (metadata: unknown) => ({ eventType: 'funnel_step', entityType: 'page', entityId: 'p1', channel: 'email', sourceType: 'api', occurredAt: new Date().toISOString(), metadata });

  it(`events: metadata over ${MAX_METADATA_BYTES} bytes or deeper than ${MAX_METADATA_DEPTH} levels is refused, the rest of the batch kept`, async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 2000; i++) deep = { d: deep };
    let justDeepEnough: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < MAX_METADATA_DEPTH; i++) justDeepEnough = { d: justDeepEnough };
    // Counted in this workspace: other test files write events to the same database meanwhile.
    const before = await countOutboxEvents({ workspaceId: ws });
    const res = await post(events.POST, {
      events: [event({ big: 'x'.repeat(MAX_METADATA_BYTES) }), event(deep), event(justDeepEnough), event({ nul: NUL }), event({ nested: [{ k: LONE }] })],
    });
    expect(res.status).toBe(202);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'rejected', 'accepted', 'rejected', 'rejected']);
    expect(res.body.results[0].errors.metadata[0]).toMatch(/32 KB/);
    expect(res.body.results[1].errors.metadata[0]).toMatch(/8 levels/);
    expect(res.body.results[3].errors).toHaveProperty(['metadata.nul']);
    expect(await countOutboxEvents({ workspaceId: ws })).toBe(before + 1);
    const megabyte = await post(events.POST, event({ big: 'x'.repeat(1024 * 1024) }));
    expect(megabyte.status).toBe(400);
  });

  it('campaigns: a start date outside 2000..2100 is a 400 naming startDate', async () => {
    for (const startDate of ['0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31']) {
      const res = await call(campaigns.POST, { method: 'POST', key: keys.admin, body: { name: 'c', segmentId: crypto.randomUUID(), templateId: crypto.randomUUID(), startDate } });
      expect(res.status).toBe(400);
      expect(res.body.fieldErrors.startDate).toEqual([expect.stringMatching(/between 2000 and 2100/)]);
    }
    expect(await db.campaign.count({ where: { workspaceId: ws } })).toBe(0);
  });
});
