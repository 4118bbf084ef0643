import { utcDay, type AttributeTypes } from '@/lib/contacts/attribute-types';
import { joinCriteria, type SegmentCondition, type SegmentCriteria, type SegmentNode } from '@/lib/segments/criteria';
import { attributeKeyOf, fieldTypeOf, isContactField, type OperatorOf } from '@/lib/segments/fields';
import { daysBefore, endOf, startOf } from '@/lib/segments/predicates';

// The same criteria the PostgreSQL compiler reads, written against `segment_contacts` (clickhouse/migrations/0005).
// Every operator keeps the PostgreSQL meaning; the copy stores values already lowered, typed and day-shaped by
// PostgreSQL, so each comparison here is a plain one. The agreement test runs every field × operator through both.

/** The ClickHouse types a parameter may take; types come from this list, never from input. */
type ParamType = 'String' | 'Array(String)' | 'Float64' | 'Array(Float64)' | "DateTime64(3, 'UTC')";

/** Collects bound values and hands back their `{name:Type}` placeholders, so no value is written into SQL text. */
export class ClickHouseParams {
  readonly values: Record<string, unknown> = {};
  #next = 0;

  add(value: unknown, type: ParamType): string {
    const name = `p${++this.#next}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

export interface ColumnarCompileOptions {
  attributeTypes: AttributeTypes;
  now: Date;
}

/** Why ASCII only: PostgreSQL lowered the stored text, and only for ASCII is JavaScript's lowering of a value the same. */
const ASCII = /^[\x00-\x7f]*$/;
const isAscii = (value: unknown) => (Array.isArray(value) ? value.every(isAscii) : typeof value !== 'string' || ASCII.test(value));

/**
 * Whether the copy can answer these (already validated) criteria exactly: engagement reads messages, which only
 * PostgreSQL holds, and a text value outside ASCII is lowered by PostgreSQL's rules, not ours.
 */
export function copyCanCount(node: SegmentNode, attributeTypes: AttributeTypes): boolean {
  switch (node.type) {
    case 'group':
      return node.children.every((child) => copyCanCount(child, attributeTypes));
    case 'engagement':
      return false;
    case 'condition':
      return fieldTypeOf(node.field, attributeTypes) !== 'text' || isAscii(node.value);
  }
}

const not = (sql: string) => `NOT coalesce((${sql}), false)`;
const lower = (value: unknown) => (value as string).toLowerCase();

/** A text column or text attribute, stored lowered with '' for NULL (no text operator tells the two apart). */
function textSql(expr: string, op: OperatorOf<'text'>, value: unknown, p: ClickHouseParams): string {
  switch (op) {
    case 'equals':
      return `${expr} = ${p.add(lower(value), 'String')}`;
    case 'contains':
      return `position(${expr}, ${p.add(lower(value), 'String')}) > 0`;
    case 'starts_with':
      return `startsWith(${expr}, ${p.add(lower(value), 'String')})`;
    case 'ends_with':
      return `endsWith(${expr}, ${p.add(lower(value), 'String')})`;
    case 'in':
      return `has(${p.add((value as string[]).map(lower), 'Array(String)')}, ${expr})`;
    case 'is_set':
      return `${expr} != ''`;
    case 'not_equals':
      return not(textSql(expr, 'equals', value, p));
    case 'not_contains':
      return not(textSql(expr, 'contains', value, p));
    case 'not_in':
      return not(textSql(expr, 'in', value, p));
    case 'is_not_set':
      return not(textSql(expr, 'is_set', value, p));
  }
}

/** A number attribute; the map holds a key only where its JSON value is a number. */
function numberSql(key: string, op: OperatorOf<'number'>, value: unknown, p: ClickHouseParams): string {
  const set = `mapContains(attr_number, ${key})`;
  const num = `attr_number[${key}]`;
  const compare = (sql: string) => `(${set} AND ${sql})`;
  switch (op) {
    case 'equals':
      return compare(`${num} = ${p.add(value, 'Float64')}`);
    case 'gt':
      return compare(`${num} > ${p.add(value, 'Float64')}`);
    case 'gte':
      return compare(`${num} >= ${p.add(value, 'Float64')}`);
    case 'lt':
      return compare(`${num} < ${p.add(value, 'Float64')}`);
    case 'lte':
      return compare(`${num} <= ${p.add(value, 'Float64')}`);
    case 'between': {
      const [min, max] = value as [number, number];
      return compare(`${num} >= ${p.add(min, 'Float64')} AND ${num} <= ${p.add(max, 'Float64')}`);
    }
    case 'in':
      return compare(`has(${p.add(value, 'Array(Float64)')}, ${num})`);
    case 'is_set':
      return set;
    case 'not_equals':
      return not(numberSql(key, 'equals', value, p));
    case 'is_not_set':
      return not(set);
  }
}

/** ClickHouse reads a DateTime64 parameter as `YYYY-MM-DD hh:mm:ss.sss`. */
const instant = (iso: string) => iso.replace('T', ' ').replace('Z', '');

/** A nullable DateTime64 column. */
function instantSql(column: string, op: OperatorOf<'date'>, value: unknown, p: ClickHouseParams, now: Date): string {
  const at = (iso: string) => p.add(instant(iso), "DateTime64(3, 'UTC')");
  switch (op) {
    case 'before':
      return `${column} < ${at(startOf(value as string))}`;
    case 'after':
      return `${column} >= ${at(endOf(value as string))}`;
    case 'between': {
      const [from, to] = value as [string, string];
      return `(${column} >= ${at(startOf(from))} AND ${column} < ${at(endOf(to))})`;
    }
    case 'within_last_days':
      return `(${column} >= ${at(daysBefore(now, value as number).toISOString())} AND ${column} <= ${at(now.toISOString())})`;
    case 'is_set':
      return `isNotNull(${column})`;
    case 'not_within_last_days':
      return not(instantSql(column, 'within_last_days', value, p, now));
    case 'is_not_set':
      return `isNull(${column})`;
  }
}

/** A date attribute's UTC day, '' where the stored value is not shaped like a day; compared byte-wise as in C collation. */
function daySql(key: string, op: OperatorOf<'date'>, value: unknown, p: ClickHouseParams, now: Date): string {
  const day = `attr_day[${key}]`;
  const bound = (v: string | Date) => p.add(utcDay(v), 'String');
  const within = (from: string, to: string) => `(${day} != '' AND ${day} >= ${from} AND ${day} <= ${to})`;
  switch (op) {
    case 'before':
      return `(${day} != '' AND ${day} < ${bound(value as string)})`;
    case 'after':
      return `(${day} != '' AND ${day} > ${bound(value as string)})`;
    case 'between': {
      const [from, to] = value as [string, string];
      return within(bound(from), bound(to));
    }
    case 'within_last_days':
      return within(bound(daysBefore(now, value as number)), bound(now));
    case 'is_set':
      return `${day} != ''`;
    case 'not_within_last_days':
      return not(daySql(key, 'within_last_days', value, p, now));
    case 'is_not_set':
      return `${day} = ''`;
  }
}

function tagsSql(op: OperatorOf<'tags'>, value: unknown, p: ClickHouseParams): string {
  switch (op) {
    case 'contains':
      return `has(tags, ${p.add(value, 'String')})`;
    case 'contains_all':
      return `hasAll(tags, ${p.add(value, 'Array(String)')})`;
    case 'contains_any':
      return `hasAny(tags, ${p.add(value, 'Array(String)')})`;
    case 'is_not_empty':
      return 'notEmpty(tags)';
    case 'not_contains':
      return not(tagsSql('contains', value, p));
    case 'is_empty':
      return 'empty(tags)';
  }
}

function conditionSql(node: SegmentCondition, p: ClickHouseParams, o: ColumnarCompileOptions): string {
  const type = fieldTypeOf(node.field, o.attributeTypes);
  // Contact fields are the copy's column names; validation already refused any other field.
  const column = isContactField(node.field) ? node.field : null;
  const key = () => p.add(attributeKeyOf(node.field), 'String');
  switch (type) {
    case 'text':
      return textSql(column ?? `attr_text[${key()}]`, node.operator as OperatorOf<'text'>, node.value, p);
    case 'number':
      return numberSql(key(), node.operator as OperatorOf<'number'>, node.value, p);
    case 'boolean': {
      const isTrue = column ? `${column} = true` : `has(attr_true, ${key()})`;
      return node.operator === 'is_true' ? isTrue : `NOT (${isTrue})`;
    }
    case 'date':
      return column
        ? instantSql(column, node.operator as OperatorOf<'date'>, node.value, p, o.now)
        : daySql(key(), node.operator as OperatorOf<'date'>, node.value, p, o.now);
    case 'tags':
      return tagsSql(node.operator as OperatorOf<'tags'>, node.value, p);
    default:
      throw new Error(`Unknown field "${node.field}" reached the columnar compiler`);
  }
}

function nodeSql(node: SegmentNode, p: ClickHouseParams, o: ColumnarCompileOptions): string {
  return joinCriteria(node, (leaf) => {
    if (leaf.type === 'engagement') throw new Error('Engagement conditions are counted in PostgreSQL');
    return conditionSql(leaf, p, o);
  });
}

/**
 * Criteria (validated, and accepted by `copyCanCount`) as a boolean ClickHouse expression over `segment_contacts`;
 * NULL comes out as false, as in a PostgreSQL filter.
 */
export function compileForCopy(criteria: SegmentCriteria, p: ClickHouseParams, o: ColumnarCompileOptions): string {
  return `coalesce(${nodeSql(criteria, p, o)}, false)`;
}
