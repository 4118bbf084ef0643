import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { Contact } from '@/lib/generated/prisma/client';
import type { SegmentCriteria, SegmentNode } from '@/lib/segments/criteria';
import { countSegment, countSegments, previewSegment, sampleSegment } from '@/lib/segments/evaluate';
import pg from 'pg';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { compileForWorkspace, validateCriteria } from '@/lib/segments/compile';
import { buildContactCopy } from '@/lib/segments/columnar/build';
import { countFromCopy } from '@/lib/segments/columnar/count';
import { currentCopy } from '@/lib/segments/columnar/freshness';
import { CONTACT_FIELDS, OPERATORS, fieldTypeOf } from '@/lib/segments/fields';
import { createWorkspace } from '../helpers/factory';

// An independent reference: each criteria shape is evaluated in plain JS over the inserted rows and
// the database count must agree with it.

const DAY = 86_400_000;
// Instants sit half a day off whole-day offsets, so the test's clock and the query's cannot disagree at a boundary.
const NOW = Date.now();

type Row = Pick<Contact, 'id' | 'email' | 'firstName' | 'lastName' | 'timeZone' | 'marketingOptIn' | 'optInAt' | 'createdAt' | 'tags'> & { attributes: Record<string, unknown> };
interface Msg {
  contactId: string;
  campaignId: string;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

let workspaceId: string;
let campaignA: string;
let campaignB: string;
const rows: Row[] = [];
const messages: Msg[] = [];

beforeAll(async () => {
  const { workspace } = await createWorkspace('Segments');
  const other = await createWorkspace('Other');
  workspaceId = workspace.id;
  await db.attributeDefinition.createMany({
    data: [
      { workspaceId, key: 'plan', label: 'Plan', type: 'string' },
      { workspaceId, key: 'lifetime_value', label: 'LTV', type: 'number' },
      { workspaceId, key: 'beta_tester', label: 'Beta', type: 'boolean' },
      { workspaceId, key: 'signed_up_on', label: 'Signed up', type: 'date' },
    ],
  });
  const rand = rng(7);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < 300; i++) {
    const optIn = rand() < 0.7;
    const attributes: Record<string, unknown> = {};
    if (rand() < 0.9) attributes.plan = pick(['free', 'pro', 'PRO', 'enterprise', 'Pro plus']);
    // Some values are of the wrong JSON type or malformed: they must never match, and never abort the query.
    attributes.lifetime_value = pick([0, 10, 99.5, 100, 250, 1000, 5000, '100', null, true]);
    if (rand() < 0.8) attributes.beta_tester = rand() < 0.3;
    attributes.signed_up_on = pick([new Date(NOW - Math.floor(rand() * 200) * DAY).toISOString().slice(0, 10), '2024-02-31', 'soon', 20240101, '2025-06-01T10:00:00Z']);
    rows.push({
      id: randomUUID(),
      email: `${pick(['ava', 'ben', 'chloe', 'dan_x', 'ella%'])}.${i}@${pick(['example.com', 'acme.test'])}`,
      firstName: pick(['Ava', 'Ben', 'Chloe', null, '']),
      lastName: pick(['Smith', 'Jones', "O'Brien", null]),
      timeZone: pick(['Europe/London', 'Europe/Paris', 'America/New_York', null]),
      marketingOptIn: optIn,
      optInAt: optIn ? new Date(NOW - (Math.floor(rand() * 100) + 0.5) * DAY) : null,
      createdAt: new Date(NOW - Math.floor(rand() * 400 * DAY)),
      tags: ['newsletter', 'customer', 'trial', 'vip'].filter(() => rand() < 0.3),
      attributes,
    });
  }
  await db.contact.createMany({ data: rows.map((r) => ({ ...r, workspaceId, attributes: r.attributes as object })) });
  // The other workspace's contacts match everything and must never be counted.
  await db.contact.createMany({ data: rows.slice(0, 50).map((r) => ({ ...r, id: randomUUID(), workspaceId: other.workspace.id, attributes: r.attributes as object })) });

  const segment = await db.segment.create({ data: { workspaceId, name: 'all', criteria: {} } });
  campaignA = (await db.campaign.create({ data: { workspaceId, name: 'A', segmentId: segment.id } })).id;
  campaignB = (await db.campaign.create({ data: { workspaceId, name: 'B', segmentId: segment.id } })).id;
  for (const r of rows) {
    for (const campaignId of [campaignA, campaignB]) {
      if (rand() < 0.5) continue;
      const sentAt = rand() < 0.9 ? new Date(NOW - (Math.floor(rand() * 60) + 0.5) * DAY) : null;
      const openedAt = sentAt && rand() < 0.5 ? new Date(sentAt.getTime() + 3600_000) : null;
      const clickedAt = openedAt && rand() < 0.5 ? new Date(openedAt.getTime() + 60_000) : null;
      messages.push({ contactId: r.id, campaignId, sentAt, openedAt, clickedAt });
    }
  }
  await db.message.createMany({ data: messages.map((m) => ({ ...m, workspaceId, stepIndex: 0, toAddress: 'x@example.com' })) });
});

// ---- the reference evaluator -------------------------------------------------------------------

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
const attrText = (r: Row, key: string) => {
  const v = r.attributes[key];
  return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
};
const attrNumber = (r: Row, key: string) => (typeof r.attributes[key] === 'number' ? (r.attributes[key] as number) : null);
const attrDay = (r: Row, key: string) => {
  const v = r.attributes[key];
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
};
const textField = (r: Row, field: string): string | null =>
  field.startsWith('attributes.') ? attrText(r, field.slice(11)) : ({ email: r.email, first_name: r.firstName, last_name: r.lastName, time_zone: r.timeZone } as Record<string, string | null>)[field];

function matches(r: Row, node: SegmentNode): boolean {
  if (node.type === 'group') return node.combinator === 'and' ? node.children.every((c) => matches(r, c)) : node.children.some((c) => matches(r, c));
  if (node.type === 'engagement') {
    const column = ({ received: 'sentAt', opened: 'openedAt', clicked: 'clickedAt' } as const)[node.event];
    const hit = messages.some(
      (m) =>
        m.contactId === r.id &&
        m[column] !== null &&
        (!node.campaignId || m.campaignId === node.campaignId) &&
        (!node.withinDays || m[column]!.getTime() >= NOW - node.withinDays * DAY),
    );
    return node.negate ? !hit : hit;
  }
  const { field, operator: op, value } = node;
  if (field === 'tags') {
    const list = (value ?? []) as string[];
    if (op === 'contains') return r.tags.includes(value as string);
    if (op === 'not_contains') return !r.tags.includes(value as string);
    if (op === 'contains_any') return list.some((t) => r.tags.includes(t));
    if (op === 'contains_all') return list.every((t) => r.tags.includes(t));
    return op === 'is_empty' ? r.tags.length === 0 : r.tags.length > 0;
  }
  if (field === 'marketing_opt_in') return op === 'is_true' ? r.marketingOptIn : !r.marketingOptIn;
  if (field === 'attributes.beta_tester') return op === 'is_true' ? r.attributes.beta_tester === true : r.attributes.beta_tester !== true;
  if (field === 'attributes.lifetime_value') {
    const n = attrNumber(r, 'lifetime_value');
    const v = value as number;
    const positive: Record<string, () => boolean> = {
      equals: () => n === v,
      gt: () => n !== null && n > v,
      gte: () => n !== null && n >= v,
      lt: () => n !== null && n < v,
      lte: () => n !== null && n <= v,
      between: () => n !== null && n >= (value as number[])[0] && n <= (value as number[])[1],
      in: () => n !== null && (value as number[]).includes(n),
      is_set: () => n !== null,
    };
    if (op === 'not_equals') return !positive.equals();
    if (op === 'is_not_set') return !positive.is_set();
    return positive[op]();
  }
  if (field === 'attributes.signed_up_on') {
    const d = attrDay(r, 'signed_up_on');
    const day = (x: string) => new Date(x).toISOString().slice(0, 10);
    if (op === 'before') return d !== null && d < day(value as string);
    if (op === 'after') return d !== null && d > day(value as string);
    const within = () => d !== null && d >= day(new Date(NOW - (value as number) * DAY).toISOString()) && d <= day(new Date(NOW).toISOString());
    if (op === 'between') return d !== null && d >= day((value as string[])[0]) && d <= day((value as string[])[1]);
    if (op === 'within_last_days') return within();
    if (op === 'not_within_last_days') return !within();
    if (op === 'is_set') return d !== null;
    if (op === 'is_not_set') return d === null;
    throw new Error(`reference lacks ${op}`);
  }
  if (field === 'created_at' || field === 'opt_in_at') {
    const t = (field === 'created_at' ? r.createdAt : r.optInAt)?.getTime() ?? null;
    const start = (x: string) => Date.parse(x.length === 10 ? `${x}T00:00:00Z` : x);
    const end = (x: string) => start(x) + (x.length === 10 ? DAY : 1);
    const positive: Record<string, () => boolean> = {
      before: () => t !== null && t < start(value as string),
      after: () => t !== null && t >= end(value as string),
      between: () => t !== null && t >= start((value as string[])[0]) && t < end((value as string[])[1]),
      within_last_days: () => t !== null && t >= NOW - (value as number) * DAY,
      is_set: () => t !== null,
    };
    if (op === 'not_within_last_days') return !positive.within_last_days();
    if (op === 'is_not_set') return !positive.is_set();
    return positive[op]();
  }
  const s = lower(textField(r, field));
  const v = lower(value);
  const positive: Record<string, () => boolean> = {
    equals: () => s !== null && s === v,
    contains: () => s !== null && s.includes(v!),
    starts_with: () => s !== null && s.startsWith(v!),
    ends_with: () => s !== null && s.endsWith(v!),
    in: () => s !== null && (value as string[]).map((x) => x.toLowerCase()).includes(s),
    is_set: () => s !== null && s !== '',
  };
  const negative: Record<string, string> = { not_equals: 'equals', not_contains: 'contains', not_in: 'in', is_not_set: 'is_set' };
  return negative[op] ? !positive[negative[op]]() : positive[op]();
}

// ---- the shapes ---------------------------------------------------------------------------------

const and = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'and', children });
const or = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'or', children });
const cond = (field: string, operator: string, value?: unknown) => ({ type: 'condition', field, operator, ...(value === undefined ? {} : { value }) }) as SegmentNode;
const isoDaysAgo = (days: number) => new Date(NOW - days * DAY).toISOString().slice(0, 10);

const shapes: [string, () => SegmentCriteria][] = [
  ['opted in', () => and(cond('marketing_opt_in', 'is_true'))],
  ['not opted in', () => and(cond('marketing_opt_in', 'is_false'))],
  ['plan equals pro, any case', () => and(cond('attributes.plan', 'equals', 'Pro'))],
  ['plan not equals pro (includes missing plans)', () => and(cond('attributes.plan', 'not_equals', 'pro'))],
  ['plan is set / not set', () => or(and(cond('attributes.plan', 'is_not_set')), cond('attributes.plan', 'in', ['ENTERPRISE', 'free']))],
  ['demo: pro in Europe, or VIP', () => or(and(cond('attributes.plan', 'equals', 'pro'), cond('time_zone', 'starts_with', 'europe/')), cond('tags', 'contains', 'vip'))],
  ['LIKE wildcards are literal', () => or(cond('email', 'contains', '_x'), cond('email', 'starts_with', 'ella%'), cond('last_name', 'contains', "'b"))],
  ['first name not set or ends with "en"', () => or(cond('first_name', 'is_not_set'), cond('first_name', 'ends_with', 'EN'))],
  ['email domain, not in list', () => and(cond('email', 'ends_with', '@acme.test'), cond('last_name', 'not_in', ['smith', 'JONES']))],
  ['numbers: bad data never matches', () => or(cond('attributes.lifetime_value', 'gt', 99), cond('attributes.lifetime_value', 'equals', 0))],
  ['numbers: between, in, not equals, not set', () => or(cond('attributes.lifetime_value', 'between', [10, 100]), cond('attributes.lifetime_value', 'in', [5000]))],
  ['numbers: not equals and not set', () => and(cond('attributes.lifetime_value', 'not_equals', 100), cond('attributes.lifetime_value', 'is_not_set'))],
  ['number lte and gte', () => and(cond('attributes.lifetime_value', 'gte', 10), cond('attributes.lifetime_value', 'lte', 250))],
  ['beta tester is true / is false', () => or(and(cond('attributes.beta_tester', 'is_true'), cond('tags', 'is_not_empty')), and(cond('attributes.beta_tester', 'is_false'), cond('tags', 'is_empty')))],
  ['date attributes (malformed ones never match)', () => or(cond('attributes.signed_up_on', 'within_last_days', 30), cond('attributes.signed_up_on', 'before', '2025-01-01'))],
  ['date attribute after, is set', () => and(cond('attributes.signed_up_on', 'after', isoDaysAgo(100)), cond('attributes.signed_up_on', 'is_set'))],
  ['date attribute between, or not set', () => or(cond('attributes.signed_up_on', 'between', [isoDaysAgo(150), isoDaysAgo(60)]), cond('attributes.signed_up_on', 'is_not_set'))],
  ['date attribute not within 30 days (includes malformed ones)', () => and(cond('attributes.signed_up_on', 'not_within_last_days', 30))],
  ['created between / opt-in not within', () => and(cond('created_at', 'between', [isoDaysAgo(200), isoDaysAgo(50)]), cond('opt_in_at', 'not_within_last_days', 30))],
  ['created before / after / opt-in set', () => or(cond('created_at', 'before', isoDaysAgo(300)), and(cond('created_at', 'after', isoDaysAgo(20)), cond('opt_in_at', 'is_set')))],
  ['opt-in not set', () => and(cond('opt_in_at', 'is_not_set'))],
  ['tags: any, all, not contains', () => or(cond('tags', 'contains_all', ['vip', 'customer']), and(cond('tags', 'contains_any', ['trial', 'newsletter']), cond('tags', 'not_contains', 'customer')))],
  ['engagement: opened campaign A in 30 days, or never clicked anything', () => or({ type: 'engagement', event: 'opened', campaignId: campaignA, withinDays: 30 }, { type: 'engagement', event: 'clicked', negate: true })],
  ['engagement: received any, not opened B', () => and({ type: 'engagement', event: 'received' }, { type: 'engagement', event: 'opened', campaignId: campaignB, negate: true })],
  [
    'three levels deep, mixed',
    () =>
      and(
        cond('marketing_opt_in', 'is_true'),
        or(
          and(cond('attributes.plan', 'contains', 'pro'), cond('attributes.lifetime_value', 'gte', 100)),
          and(cond('tags', 'contains', 'trial'), or(cond('time_zone', 'equals', 'EUROPE/PARIS'), cond('time_zone', 'is_not_set'))),
        ),
        { type: 'engagement', event: 'received', withinDays: 45 },
      ),
  ],
];

describe('segment counts agree with an independent count in JS', () => {
  it.each(shapes)('%s', async (_label, shape) => {
    const criteria = shape();
    const expected = rows.filter((r) => matches(r, criteria)).length;
    expect(await countSegment(workspaceId, criteria)).toBe(expected);
  });

  it('all of them counted in one scan give the same figures, a broken one in the middle counting as null', async () => {
    const criteria = shapes.map(([, shape]) => shape());
    const expected = criteria.map((c) => rows.filter((r) => matches(r, c)).length);
    const middle = Math.floor(criteria.length / 2);
    const counts = await countSegments(workspaceId, [...criteria.slice(0, middle), and(cond('attributes.deleted_attr', 'is_set')), ...criteria.slice(middle)]);
    expect(counts).toEqual([...expected.slice(0, middle), null, ...expected.slice(middle)]);
  });

  it('more segments than one statement holds are counted a hundred at a time, each still exact', async () => {
    const criteria = Array.from({ length: 230 }, (_, i) => shapes[i % shapes.length]![1]());
    const expected = criteria.map((c) => rows.filter((r) => matches(r, c)).length);
    expect(await countSegments(workspaceId, criteria)).toEqual(expected);
  });

  it('the shapes are not trivial: most match some but not all contacts', async () => {
    const counts = shapes.map(([, shape]) => rows.filter((r) => matches(r, shape())).length);
    expect(counts.filter((n) => n > 0 && n < rows.length).length).toBeGreaterThanOrEqual(shapes.length - 1);
  });
});

describe('sample and preview', () => {
  it('samples matching contacts newest first, and previews count, sample and time together', async () => {
    const criteria = and(cond('tags', 'contains', 'vip'));
    const expected = rows.filter((r) => matches(r, criteria)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const sample = await sampleSegment(workspaceId, criteria, 5);
    expect(sample.map((s) => s.id)).toEqual(expected.slice(0, 5).map((r) => r.id));
    expect(sample[0]).toEqual({ id: expected[0].id, email: expected[0].email, firstName: expected[0].firstName, lastName: expected[0].lastName });
    const preview = await previewSegment(workspaceId, criteria);
    expect(preview.count).toBe(expected.length);
    expect(preview.sample).toHaveLength(Math.min(10, expected.length));
    expect(preview.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('counts several segments at once, with null for criteria that no longer compile', async () => {
    const counts = await countSegments(workspaceId, [and(cond('marketing_opt_in', 'is_true')), and(cond('attributes.deleted_attr', 'is_set'))]);
    expect(counts).toEqual([rows.filter((r) => r.marketingOptIn).length, null]);
  });

  it('a hostile value is just a value: no match and the table is intact', async () => {
    const payload = "'; DROP TABLE contacts; --";
    expect(await countSegment(workspaceId, or(cond('email', 'equals', payload), cond('attributes.plan', 'contains', payload), cond('tags', 'contains', payload)))).toBe(0);
    expect(await db.contact.count({ where: { workspaceId } })).toBe(rows.length);
  });
});

// ---- counts from the columnar copy ----------------------------------------------------------------

describe('counts from the columnar copy of the contacts', () => {
  let attributeTypes: AttributeTypes;
  const sample = { email: 'ava.3@acme.test', first_name: 'Chloe', last_name: "O'Brien", phone: '+4420', time_zone: 'Europe/Paris', locale: 'fr', 'attributes.plan': 'PRO' } as Record<string, string>;
  const textValues = (s: string): Record<string, unknown> => ({
    equals: s, not_equals: s, contains: s.slice(1, 4), not_contains: s.slice(1, 4), starts_with: s.slice(0, 2), ends_with: s.slice(-2), in: [s, 'nobody'], not_in: [s, 'nobody'],
  });
  const numberValues: Record<string, unknown> = { equals: 100, not_equals: 100, gt: 99, gte: 100, lt: 100, lte: 99.5, between: [10, 250], in: [0, 5000] };
  const dateValues = (): Record<string, unknown> => ({
    before: isoDaysAgo(100), after: new Date(NOW - 50.25 * DAY).toISOString(), between: [isoDaysAgo(150), isoDaysAgo(10)], within_last_days: 30, not_within_last_days: 30,
  });
  const tagValues: Record<string, unknown> = { contains: 'vip', not_contains: 'vip', contains_any: ['trial', 'vip'], contains_all: ['vip', 'customer'] };

  /** Every field this workspace can filter on, with every operator its type offers and a value that splits the contacts. */
  function everyFieldAndOperator(): [string, SegmentCriteria][] {
    const fields = [...Object.keys(CONTACT_FIELDS), ...Object.keys(attributeTypes).map((key) => `attributes.${key}`)];
    return fields.flatMap((field) => {
      const type = fieldTypeOf(field, attributeTypes)!;
      const values = type === 'text' ? textValues(sample[field]) : type === 'number' ? numberValues : type === 'date' ? dateValues() : type === 'tags' ? tagValues : {};
      return OPERATORS[type].map((operator): [string, SegmentCriteria] => [`${field} ${operator}`, and(cond(field, operator, values[operator]))]);
    });
  }

  async function countInPostgres(criteria: SegmentCriteria, now: Date): Promise<number> {
    const { where, params } = compileForWorkspace(workspaceId, criteria, { attributeTypes, now });
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where}`, ...params);
    return row.n;
  }

  const fromCopy = (criteria: SegmentCriteria[], now = new Date()) =>
    countFromCopy(workspaceId, criteria.map((c) => validateCriteria(c, attributeTypes)), { attributeTypes, now });

  beforeAll(async () => {
    attributeTypes = await loadAttributeTypes(workspaceId);
    const built = await buildContactCopy(workspaceId);
    expect(built).toMatchObject({ contacts: rows.length, recorded: true });
  });

  it('every field × operator counts the same from the copy as in PostgreSQL', async () => {
    const now = new Date();
    const cases = everyFieldAndOperator();
    const copied = await fromCopy(cases.map(([, criteria]) => criteria), now);
    expect(copied).not.toBeNull();
    const expected = await Promise.all(cases.map(([, criteria]) => countInPostgres(criteria, now)));
    expect(Object.fromEntries(cases.map(([label], i) => [label, copied![i]]))).toEqual(Object.fromEntries(cases.map(([label], i) => [label, expected[i]])));
    // The values split the contacts, so a wrong comparison shows up as a different count.
    expect(expected.filter((n) => n > 0 && n < rows.length).length).toBeGreaterThanOrEqual(cases.length * 0.6);
  });

  it('the nested shapes count the same from the copy as the reference, engagement ones being left to PostgreSQL', async () => {
    for (const [label, shape] of shapes) {
      const criteria = shape();
      const counted = await fromCopy([criteria]);
      const expected = rows.filter((r) => matches(r, criteria)).length;
      if (JSON.stringify(criteria).includes('engagement')) expect(counted, label).toBeNull();
      else expect(counted, label).toEqual([expected]);
      expect(await countSegment(workspaceId, criteria), label).toBe(expected);
    }
  });

  it('a text value outside ASCII is counted by PostgreSQL, whose lower-casing the copy holds', async () => {
    expect(await fromCopy([and(cond('first_name', 'equals', 'Chloé'))])).toBeNull();
    expect(await countSegment(workspaceId, and(cond('first_name', 'equals', 'Chloé')))).toBe(0);
  });

  it('samples picked through the copy are the ones PostgreSQL picks', async () => {
    const criteria = and(cond('tags', 'contains', 'vip'));
    const expected = rows.filter((r) => matches(r, criteria)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    expect((await sampleSegment(workspaceId, criteria, 5)).map((s) => s.id)).toEqual(expected.slice(0, 5).map((r) => r.id));
    expect((await previewSegment(workspaceId, criteria)).count).toBe(expected.length);
  });

  it('any write to the contacts makes the copy stale until the next build, and counts stay exact meanwhile', async () => {
    const vip = and(cond('tags', 'contains', 'vip'));
    const vips = rows.filter((r) => matches(r, vip)).length;
    expect(await currentCopy(workspaceId)).not.toBeNull();

    // Another workspace's writes leave this copy current.
    await db.contact.create({ data: { workspaceId: (await createWorkspace('Elsewhere')).workspace.id, email: 'x@elsewhere.test', tags: ['vip'] } });
    expect(await currentCopy(workspaceId)).not.toBeNull();

    const added = await db.contact.create({ data: { workspaceId, email: 'new.vip@example.com', tags: ['vip'] } });
    expect(await currentCopy(workspaceId)).toBeNull();
    expect(await fromCopy([vip])).toBeNull();
    expect(await countSegment(workspaceId, vip)).toBe(vips + 1);

    await buildContactCopy(workspaceId);
    expect(await fromCopy([vip])).toEqual([vips + 1]);

    await db.$executeRawUnsafe(`UPDATE contacts SET tags = '{}' WHERE id = $1::uuid`, added.id);
    expect(await fromCopy([vip])).toBeNull();
    expect(await countSegment(workspaceId, vip)).toBe(vips);

    await buildContactCopy(workspaceId);
    await db.contact.delete({ where: { id: added.id } });
    expect(await fromCopy([vip])).toBeNull();
    await buildContactCopy(workspaceId);
    expect(await fromCopy([vip])).toEqual([vips]);
  });

  it.runIf(process.env.DATABASE_URL)('a write committed after the copy was read, though begun before, makes it stale', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE contacts SET first_name = 'Zed' WHERE id = $1::uuid`, [rows[0].id]);
      await buildContactCopy(workspaceId);
      expect(await currentCopy(workspaceId)).not.toBeNull(); // not yet committed: nothing PostgreSQL counts has changed
      await client.query('COMMIT');
      expect(await currentCopy(workspaceId)).toBeNull();
      expect(await countSegment(workspaceId, and(cond('first_name', 'equals', 'zed')))).toBe(1);
      await client.query(`UPDATE contacts SET first_name = $2 WHERE id = $1::uuid`, [rows[0].id, rows[0].firstName]);
    } finally {
      await client.end();
    }
  });
});
