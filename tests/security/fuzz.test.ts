import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import * as contacts from '@/app/api/v1/contacts/route';
import * as segments from '@/app/api/segments/route';
import * as segmentPreview from '@/app/api/segments/preview/route';
import * as templates from '@/app/api/templates/route';
import * as campaigns from '@/app/api/campaigns/route';
import * as flows from '@/app/api/flows/route';
import * as events from '@/app/api/v1/events/route';
import * as overview from '@/app/api/v1/analytics/overview/route';
import * as campaignAnalytics from '@/app/api/v1/analytics/campaigns/route';
import { call, twoTenants } from '../helpers/callers';
import { countOutboxEvents } from '../helpers/outbox';

vi.mock('next-auth', async (original) => ({ ...(await original<typeof import('next-auth')>()), getServerSession: async () => null }));

// Property-based fuzzing of the main write routes and query strings, through the real handlers and database:
// whatever arrives, the answer is 2xx or 4xx, and a refused request leaves nothing behind.
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Strings people and attackers send: ordinary text, full Unicode, and the characters PostgreSQL refuses. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  { arbitrary: fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '=1+1', '@SUM(A1)', '-1', '0000-01-01', '9999-12-31', '1e308', 'NaN', '__proto__', 'constructor', '../../etc', '<script>', "'; DROP TABLE contacts; --", 'x'.repeat(5000)), weight: 3 },
);
const scalar = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonish = fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(nasty, scalar, { maxKeys: 4 }));
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, jsonish);

const uuid = fc.uuid();
const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const FIELDS = ['email', 'firstName', 'lastName', 'phone', 'timeZone', 'locale', 'tags', 'marketingOptIn', 'createdAt', 'attributes.plan', 'attributes.score', 'nope'];
const OPS = ['equals', 'not_equals', 'contains', 'starts_with', 'in', 'not_in', 'is_set', 'gt', 'between', 'before', 'within_last_days', 'is_true', 'contains_any', 'is_empty', 'bogus'];
const criteria = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('condition'), tie('group')),
  condition: fc.record(
    { type: fc.constant('condition'), field: maybe(fc.constantFrom(...FIELDS)), operator: maybe(fc.constantFrom(...OPS)), value: fc.oneof(jsonish, fc.array(nasty, { maxLength: 3 })) },
    { requiredKeys: ['type'] },
  ),
  group: fc.record({ type: fc.constant('group'), combinator: maybe(fc.constantFrom('and', 'or')), children: fc.array(tie('node'), { maxLength: 3 }) }, { requiredKeys: ['type'] }),
})).node;

const contact = fc.record(
  {
    email: maybe(fc.emailAddress()),
    firstName: nasty,
    lastName: nasty,
    phone: maybe(fc.constantFrom('+447700900123', '07700 900123')),
    timeZone: maybe(fc.constantFrom('Europe/London', 'America/New_York')),
    locale: maybe(fc.constantFrom('en', 'en-GB', 'xx-YY')),
    marketingOptIn: maybe(fc.boolean()),
    tags: maybe(fc.array(nasty, { maxLength: 4 })),
    attributes: maybe(fc.dictionary(fc.constantFrom('plan', 'score', 'nope'), scalar, { maxKeys: 3 })),
  },
  { requiredKeys: [] },
);

let ws: string;
let keys: Record<Role, string>;
let segmentId: string;
let templateId: string;

beforeAll(async () => {
  ({ ws, keys } = await twoTenants());
  await db.attributeDefinition.createMany({
    data: [
      { workspaceId: ws, key: 'plan', label: 'Plan', type: 'string' },
      { workspaceId: ws, key: 'score', label: 'Score', type: 'number' },
    ],
  });
  segmentId = (await db.segment.create({ data: { workspaceId: ws, name: 'All', criteria: { type: 'group', combinator: 'and', children: [] } } })).id;
  templateId = (await db.template.create({ data: { workspaceId: ws, name: 'T', subject: 'S', htmlBody: '<p>x</p>' } })).id;
});

const counts = async () => {
  const [c, s, t, cp, f, e] = await Promise.all([
    db.contact.count({ where: { workspaceId: ws } }),
    db.segment.count({ where: { workspaceId: ws } }),
    db.template.count({ where: { workspaceId: ws } }),
    db.campaign.count({ where: { workspaceId: ws } }),
    db.flow.count({ where: { workspaceId: ws } }),
    // Scoped to this workspace: other test files share the database and write events of their own meanwhile.
    countOutboxEvents({ workspaceId: ws }),
  ]);
  return { contacts: c, segments: s, templates: t, campaigns: cp, flows: f, events: e };
};

type Handler = Parameters<typeof call>[0];

/** Posts `body` and checks the answer class; when refused, no table may have changed. */
async function postChecked(handler: Handler, body: unknown) {
  const before = await counts();
  const res = await call(handler, { method: 'POST', key: keys.admin, body });
  expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBeLessThan(500);
  expect(res.status).toBeGreaterThanOrEqual(200);
  if (res.status >= 400) expect(await counts()).toEqual(before);
  return res;
}

const property = (arb: fc.Arbitrary<unknown>, handler: Handler, runs = RUNS) =>
  fc.assert(fc.asyncProperty(arb, async (body) => void (await postChecked(handler, body))), { numRuns: runs });

describe('fuzzed write routes answer 2xx or 4xx, never 500, and a refusal stores nothing', () => {
  it('POST /api/v1/contacts (batches, one bad item fails only itself)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ contacts: fc.array(contact, { minLength: 1, maxLength: 5 }) }), jsonish), async (body) => {
        const res = await postChecked(contacts.POST, body);
        if (res.status === 200) {
          const items = (body as { contacts: unknown[] }).contacts;
          expect(res.body.results).toHaveLength(items.length);
          expect(res.body.created + res.body.updated + res.body.rejected).toBe(items.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/segments and /api/segments/preview (criteria trees)', async () => {
    await property(fc.record({ name: maybe(fc.string({ minLength: 1, maxLength: 20 })), description: nasty, criteria }, { requiredKeys: ['criteria'] }), segments.POST);
    await property(fc.record({ criteria }), segmentPreview.POST);
  });

  it('POST /api/templates', async () => {
    await property(
      fc.record({ name: nasty, subject: maybe(fc.constantFrom('Hi {{ first_name }}', '{{ broken')), preheader: nasty, htmlBody: maybe(fc.constantFrom('<p>{{ plan }}</p>', '{% if %}', '<p>x</p>')), textBody: nasty }, { requiredKeys: [] }),
      templates.POST,
    );
  });

  it('POST /api/campaigns', async () => {
    await property(
      fc.record(
        {
          name: nasty,
          description: nasty,
          segmentId: maybe(fc.constant(segmentId)),
          templateId: maybe(fc.constant(templateId)),
          flowId: maybe(uuid),
          startDate: maybe(date),
          startTimeOfDay: maybe(fc.constantFrom('09:00', '24:00', '9')),
          timeZone: maybe(fc.constantFrom('Europe/London', 'Mars/Phobos')),
          useRecipientTimeZone: maybe(fc.boolean()),
          sendRateLimit: maybe(fc.integer({ min: -5, max: 20_000 })),
        },
        { requiredKeys: [] },
      ),
      campaigns.POST,
    );
  });

  it('POST /api/flows', async () => {
    const step = fc.oneof(
      fc.record({ type: fc.constant('SEND_EMAIL'), templateId: maybe(fc.constant(templateId)) }),
      fc.record({ type: fc.constant('WAIT'), waitDays: maybe(fc.integer({ min: -1, max: 400 })), waitHours: maybe(fc.integer({ min: -1, max: 30 })) }),
      jsonish,
    );
    await property(fc.record({ name: nasty, description: nasty, steps: fc.oneof(fc.array(step, { maxLength: 4 }), jsonish) }, { requiredKeys: [] }), flows.POST);
  });

  it('POST /api/v1/events', async () => {
    const event = fc.record(
      {
        eventType: maybe(fc.constantFrom('funnel_step', 'qr_scanned')),
        entityType: nasty,
        entityId: nasty,
        channel: maybe(fc.constantFrom('email', 'sms')),
        sourceType: nasty,
        occurredAt: maybe(fc.date({ min: new Date('1960-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString())),
        metadata: fc.oneof(fc.dictionary(nasty, jsonish, { maxKeys: 4 }), jsonish),
        label: nasty,
        value: scalar,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(event, fc.record({ events: fc.array(event, { minLength: 1, maxLength: 4 }) })), async (body) => {
        const before = await counts();
        const res = await call(events.POST, { method: 'POST', key: keys.admin, body });
        expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBeLessThan(500);
        // Per-event results: exactly the accepted events were stored.
        const after = await counts();
        expect(after.events - before.events).toBe(res.status === 202 ? res.body.accepted : 0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzed query strings answer 2xx or 4xx, never 500', () => {
  const query = fc.dictionary(fc.constantFrom('q', 'tag', 'optIn', 'cursor', 'limit', 'from', 'to', 'granularity', 'campaignId', 'channel', 'format', 'table', 'tz', 'status', 'page'), nasty, { maxKeys: 4 });
  const search = (params: Record<string, string>) => {
    const s = new URLSearchParams();
    // Lone surrogates become U+FFFD on the way (a URL carries UTF-8); U+0000 arrives as %00.
    for (const [k, v] of Object.entries(params)) s.append(k, v);
    return s.toString();
  };

  it.each([
    ['/api/v1/contacts', contacts.GET],
    ['/api/segments', segments.GET],
    ['/api/campaigns', campaigns.GET],
    ['/api/v1/analytics/overview', overview.GET],
    ['/api/v1/analytics/campaigns', campaignAnalytics.GET],
  ] as [string, Handler][])('GET %s', async (path, handler) => {
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const res = await call(handler, { key: keys.viewer, path: `${path}?${search(params)}` });
        expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBeLessThan(500);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
