import { describe, expect, it } from 'vitest';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { HttpError } from '@/lib/http/errors';
import { compileSegment } from '@/lib/segments/compile';
import { MAX_DEPTH, type SegmentCriteria, type SegmentNode } from '@/lib/segments/criteria';
import { CONTACT_FIELDS, OPERATORS, valueKindOf, type FieldType, type ValueKind } from '@/lib/segments/fields';

const attributeTypes: AttributeTypes = { plan: 'string', lifetime_value: 'number', beta_tester: 'boolean', signed_up_on: 'date' };
const now = new Date('2026-03-15T12:00:00.000Z');
const and = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'and', children });
const or = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'or', children });
const cond = (field: string, operator: string, value?: unknown) => ({ type: 'condition', field, operator, value }) as SegmentNode;
const compile = (criteria: SegmentCriteria, paramOffset?: number) => compileSegment(criteria, { attributeTypes, now, paramOffset });

/** The 400 a bad tree raises, with its field errors. */
function rejection(criteria: unknown): Record<string, string[]> {
  try {
    compileSegment(criteria as SegmentCriteria, { attributeTypes, now });
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    return (err as HttpError).details?.fieldErrors as Record<string, string[]>;
  }
  throw new Error('expected a 400');
}

const sampleValues: Record<ValueKind, unknown> = {
  none: undefined,
  text: 'Sample',
  text_list: ['One', 'Two'],
  number: 42,
  number_range: [10, 20],
  number_list: [1, 2, 3],
  date: '2026-01-31',
  date_range: ['2026-01-01', '2026-01-31'],
  days: 30,
  tag: 'vip',
  tag_list: ['vip', 'trial'],
};

const fieldsByType: Record<FieldType, string[]> = {
  text: ['email', 'first_name', 'time_zone', 'attributes.plan'],
  number: ['attributes.lifetime_value'],
  boolean: ['marketing_opt_in', 'attributes.beta_tester'],
  date: ['created_at', 'opt_in_at', 'attributes.signed_up_on'],
  tags: ['tags'],
};

describe('compileSegment: every operator', () => {
  for (const [type, fields] of Object.entries(fieldsByType) as [FieldType, string[]][]) {
    for (const field of fields) {
      for (const operator of OPERATORS[type]) {
        it(`${field} ${operator}`, () => {
          const value = sampleValues[valueKindOf(type, operator)];
          const { where, params } = compile(and(cond(field, operator, value)));
          expect(where.startsWith('(') && where.endsWith(')')).toBe(true);
          // Placeholders are numbered 1..n with nothing missing, and no value is in the SQL text.
          const used = new Set([...where.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
          expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1));
          for (const text of ['Sample', 'One', 'vip', 'trial', 'plan', 'lifetime_value', '2026-01']) expect(where).not.toContain(text);
        });
      }
    }
  }

  it('writes the expected SQL for representative operators', () => {
    expect(compile(and(cond('email', 'equals', 'A@B.com')))).toEqual({ where: '(lower(c.email) = lower($1::text))', params: ['A@B.com'] });
    expect(compile(and(cond('first_name', 'contains', '50%_off\\')))).toEqual({ where: '(c.first_name ILIKE $1::text)', params: ['%50\\%\\_off\\\\%'] });
    expect(compile(and(cond('last_name', 'not_in', ['Smith', 'JONES'])))).toEqual({
      where: '(NOT coalesce((lower(c.last_name) = ANY($1::text[])), false))',
      params: [['smith', 'jones']],
    });
    expect(compile(and(cond('attributes.lifetime_value', 'gt', 100)))).toEqual({
      where: "((CASE WHEN jsonb_typeof(c.attributes->$1::text) = 'number' THEN (c.attributes->>$1::text)::numeric END) > $2::numeric)",
      params: ['lifetime_value', 100],
    });
    expect(compile(and(cond('attributes.lifetime_value', 'equals', 5)))).toEqual({
      where: '(c.attributes @> jsonb_build_object($1::text, $2::numeric))',
      params: ['lifetime_value', 5],
    });
    expect(compile(and(cond('tags', 'contains_any', ['VIP', ' Trial '])))).toEqual({ where: '(c.tags && $1::text[])', params: [['vip', 'trial']] });
    expect(compile(and(cond('marketing_opt_in', 'is_true')))).toEqual({ where: '(c.marketing_opt_in = true)', params: [] });
    expect(compile(and(cond('created_at', 'between', ['2026-01-01', '2026-01-31'])))).toEqual({
      where: '((c.created_at >= $1::timestamptz AND c.created_at < $2::timestamptz))',
      params: ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    });
    expect(compile(and(cond('opt_in_at', 'within_last_days', 10))).params).toEqual(['2026-03-05T12:00:00.000Z', '2026-03-15T12:00:00.000Z']);
    expect(compile(and(cond('attributes.signed_up_on', 'after', '2026-01-31T23:30:00-02:00'))).params).toEqual(['signed_up_on', '2026-02-01']);
  });

  it('compiles engagement conditions against messages', () => {
    const campaignId = '0b8a0c1e-9e1f-4f43-9d36-8c4f3f1f7a10';
    expect(compile(and({ type: 'engagement', event: 'opened' }))).toEqual({
      where: '(EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = c.id AND m.opened_at IS NOT NULL))',
      params: [],
    });
    expect(compile(and({ type: 'engagement', event: 'clicked', campaignId, withinDays: 7, negate: true }))).toEqual({
      where: '(NOT EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = c.id AND m.clicked_at IS NOT NULL AND m.campaign_id = $1::uuid AND m.clicked_at >= $2::timestamptz))',
      params: [campaignId, '2026-03-08T12:00:00.000Z'],
    });
    expect(rejection(and({ type: 'engagement', event: 'bounced' } as never))).toHaveProperty(['criteria.children.0.event']);
    expect(rejection(and({ type: 'engagement', event: 'received', campaignId: "1' OR '1'='1" } as never))).toHaveProperty(['criteria.children.0.campaignId']);
    expect(rejection(and({ type: 'engagement', event: 'received', withinDays: 0 } as never))).toHaveProperty(['criteria.children.0.withinDays']);
  });
});

describe('compileSegment: nesting and numbering', () => {
  it('nests three levels of AND/OR with parentheses and numbers placeholders from the offset', () => {
    const criteria = and(
      cond('marketing_opt_in', 'is_true'),
      or(and(cond('attributes.plan', 'equals', 'pro'), cond('time_zone', 'starts_with', 'Europe/')), cond('tags', 'contains', 'vip')),
    );
    expect(compile(criteria, 3)).toEqual({
      where:
        '(c.marketing_opt_in = true AND ((lower((c.attributes->>$4::text)) = lower($5::text) AND c.time_zone ILIKE $6::text) OR c.tags @> $7::text[]))',
      params: ['plan', 'pro', 'Europe/%', ['vip']],
    });
  });

  it(`accepts ${MAX_DEPTH} levels of groups and refuses a sixth with its path`, () => {
    let tree: SegmentCriteria = and(cond('email', 'is_set'));
    for (let i = 1; i < MAX_DEPTH; i++) tree = or(tree);
    expect(() => compile(tree)).not.toThrow();
    const errors = rejection(and(tree));
    expect(errors['criteria.children.0.children.0.children.0.children.0.children.0']?.[0]).toMatch(/at most 5 levels/);
  });
});

describe('compileSegment: injection attempts', () => {
  const payload = "'; DROP TABLE contacts; --";

  it('binds hostile values as parameters for every text operator', () => {
    for (const operator of ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with']) {
      const { where, params } = compile(and(cond('email', operator, payload), cond('attributes.plan', operator, payload)));
      expect(where).not.toContain('DROP');
      expect(where).not.toContain("'; ");
      expect(JSON.stringify(params)).toContain('DROP TABLE contacts');
    }
    const { where } = compile(and(cond('tags', 'contains_all', [payload]), cond('first_name', 'in', [payload])));
    expect(where).not.toContain('DROP');
  });

  it('refuses unknown or hostile field names with a 400 naming the node', () => {
    expect(rejection(and(cond('email; drop table contacts', 'equals', 'x')))).toEqual({ 'criteria.children.0.field': ['Unknown field "email; drop table contacts"'] });
    expect(rejection(and(cond('password_hash', 'equals', 'x')))).toHaveProperty(['criteria.children.0.field']);
    expect(rejection(and(cond('c.email', 'equals', 'x')))).toHaveProperty(['criteria.children.0.field']);
    expect(rejection(and(cond('__proto__', 'equals', 'x')))).toHaveProperty(['criteria.children.0.field']);
    expect(rejection(and(cond('constructor', 'equals', 'x')))).toHaveProperty(['criteria.children.0.field']);
  });

  it('refuses hostile attribute keys, and never writes even a valid key into the SQL', () => {
    for (const field of [`attributes.plan'); DROP TABLE contacts; --`, 'attributes.Plan', 'attributes.', 'attributes.plan.x', 'attributes.unknown_key']) {
      expect(rejection(and(cond(field, 'equals', 'x')))).toHaveProperty(['criteria.children.0.field']);
    }
    const { where, params } = compile(and(cond('attributes.plan', 'is_set')));
    expect(where).toBe("(coalesce((c.attributes->>$1::text), '') <> '')");
    expect(params).toEqual(['plan']);
  });

  it('refuses hostile operators', () => {
    expect(rejection(and(cond('email', "equals' OR 1=1 --", 'x')))).toHaveProperty(['criteria.children.0.operator']);
  });
});

describe('compileSegment: bad trees are 400s with the path of the bad node', () => {
  it('names the path of an operator that does not fit its field', () => {
    const errors = rejection(and(cond('email', 'is_set'), or(cond('attributes.lifetime_value', 'contains', 'x'))));
    expect(errors).toEqual({ 'criteria.children.1.children.0.operator': ['"contains" does not apply to a number field'] });
  });

  it.each([
    ['a number for a text field', cond('email', 'equals', 5), 'criteria.children.0.value'],
    ['an empty text', cond('email', 'equals', ''), 'criteria.children.0.value'],
    ['a value for a no-value operator', cond('email', 'is_set', 'x'), 'criteria.children.0.value'],
    ['a reversed range', cond('attributes.lifetime_value', 'between', [9, 1]), 'criteria.children.0.value'],
    ['a range of one', cond('attributes.lifetime_value', 'between', [1]), 'criteria.children.0.value'],
    ['an empty list', cond('first_name', 'in', []), 'criteria.children.0.value'],
    ['a number as a string', cond('attributes.lifetime_value', 'gt', '5'), 'criteria.children.0.value'],
    ['an impossible date', cond('created_at', 'before', '2026-02-31'), 'criteria.children.0.value'],
    ['a non-date', cond('created_at', 'after', 'yesterday'), 'criteria.children.0.value'],
    ['fractional days', cond('created_at', 'within_last_days', 1.5), 'criteria.children.0.value'],
    ['too many days', cond('created_at', 'within_last_days', 4000), 'criteria.children.0.value'],
    ['a blank tag', cond('tags', 'contains', '  '), 'criteria.children.0.value'],
    ['a boolean operator on text', cond('email', 'is_true'), 'criteria.children.0.operator'],
    ['a text operator on tags', cond('tags', 'equals', 'vip'), 'criteria.children.0.operator'],
  ])('%s', (_label, node, path) => {
    expect(Object.keys(rejection(and(node)))).toEqual([path]);
  });

  it('refuses empty groups, too many children, bad combinators, unknown node types and a non-group root', () => {
    expect(rejection(and())).toHaveProperty(['criteria.children']);
    expect(rejection(and(...Array.from({ length: 51 }, () => cond('email', 'is_set'))))).toHaveProperty(['criteria.children']);
    expect(rejection({ type: 'group', combinator: 'xor', children: [cond('email', 'is_set')] })).toHaveProperty(['criteria.combinator']);
    expect(rejection(and({ type: 'sql', text: '1=1' } as never))).toHaveProperty(['criteria.children.0.type']);
    expect(rejection(cond('email', 'is_set'))).toHaveProperty(['criteria.type']);
    expect(rejection(null)).toHaveProperty(['criteria']);
  });

  it('accepts every contact field the catalogue lists', () => {
    for (const field of Object.keys(CONTACT_FIELDS)) expect(() => compile(and(cond(field, field === 'tags' ? 'is_empty' : field === 'marketing_opt_in' ? 'is_true' : 'is_set')))).not.toThrow();
  });
});
