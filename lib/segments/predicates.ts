import { utcDay } from '@/lib/contacts/attribute-types';
import type { SegmentEngagement } from '@/lib/segments/criteria';
import type { OperatorOf } from '@/lib/segments/fields';
import type { SqlParams } from '@/lib/segments/sql-params';

// Every function here receives a value the criteria schema already validated for its operator,
// and receives column expressions built only from whitelisted names and parameter placeholders.

const DAY_MS = 86_400_000;

/** NULL-safe complement: a negative operator matches exactly the contacts its positive twin does not. */
export const not = (sql: string) => `NOT coalesce((${sql}), false)`;

/** Why: `%`, `_` and `\` in a user's value must match themselves, not act as LIKE wildcards. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function textPredicate(expr: string, op: OperatorOf<'text'>, value: unknown, p: SqlParams): string {
  switch (op) {
    case 'equals':
      return `lower(${expr}) = lower(${p.add(value, 'text')})`;
    case 'contains':
      return `${expr} ILIKE ${p.add(`%${escapeLike(value as string)}%`, 'text')}`;
    case 'starts_with':
      return `${expr} ILIKE ${p.add(`${escapeLike(value as string)}%`, 'text')}`;
    case 'ends_with':
      return `${expr} ILIKE ${p.add(`%${escapeLike(value as string)}`, 'text')}`;
    case 'in':
      return `lower(${expr}) = ANY(${p.add((value as string[]).map((v) => v.toLowerCase()), 'text[]')})`;
    case 'is_set':
      return `coalesce(${expr}, '') <> ''`;
    case 'not_equals':
      return not(textPredicate(expr, 'equals', value, p));
    case 'not_contains':
      return not(textPredicate(expr, 'contains', value, p));
    case 'not_in':
      return not(textPredicate(expr, 'in', value, p));
    case 'is_not_set':
      return not(textPredicate(expr, 'is_set', value, p));
  }
}

/** A numeric custom attribute; `key` is the attribute key's placeholder. */
export function numberPredicate(key: string, op: OperatorOf<'number'>, value: unknown, p: SqlParams): string {
  // Why: the cast only runs on JSON numbers, so a stray string in the data never aborts the query.
  const num = `(CASE WHEN jsonb_typeof(c.attributes->${key}) = 'number' THEN (c.attributes->>${key})::numeric END)`;
  switch (op) {
    case 'equals':
      // Containment lets the jsonb_path_ops GIN index on attributes answer equality.
      return `c.attributes @> jsonb_build_object(${key}, ${p.add(value, 'numeric')})`;
    case 'gt':
      return `${num} > ${p.add(value, 'numeric')}`;
    case 'gte':
      return `${num} >= ${p.add(value, 'numeric')}`;
    case 'lt':
      return `${num} < ${p.add(value, 'numeric')}`;
    case 'lte':
      return `${num} <= ${p.add(value, 'numeric')}`;
    case 'between': {
      // Why a range: BETWEEN repeats its operand, and the operand's JSON checks and cast are most of the row's cost.
      const [min, max] = value as [number, number];
      return `${num} <@ numrange(${p.add(min, 'numeric')}, ${p.add(max, 'numeric')}, '[]')`;
    }
    case 'in':
      return `${num} = ANY(${p.add(value, 'numeric[]')})`;
    case 'is_set':
      return `jsonb_typeof(c.attributes->${key}) = 'number'`;
    case 'not_equals':
      return not(numberPredicate(key, 'equals', value, p));
    case 'is_not_set':
      return not(numberPredicate(key, 'is_set', value, p));
  }
}

/** A boolean column (never NULL) or a boolean custom attribute. */
export function booleanPredicate(target: { column: string } | { key: string }, op: OperatorOf<'boolean'>): string {
  if ('column' in target) return `${target.column} = ${op === 'is_true' ? 'true' : 'false'}`;
  const isTrue = `c.attributes @> jsonb_build_object(${target.key}, true)`;
  // Why: "is false" is the complement of "is true", so contacts without the attribute count as false.
  return op === 'is_true' ? isTrue : `NOT (${isTrue})`;
}

const isCalendarDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
/** The first instant a date value covers. */
export const startOf = (value: string) => (isCalendarDay(value) ? `${value}T00:00:00.000Z` : new Date(value).toISOString());
/** The first instant after it: the next UTC day for a calendar day, the next millisecond for an instant. */
export const endOf = (value: string) => new Date(Date.parse(startOf(value)) + (isCalendarDay(value) ? DAY_MS : 1)).toISOString();
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * A date, either a timestamptz column (`instant`) or a custom attribute stored as a UTC day (`day`, text
 * `YYYY-MM-DD` compared in the C collation; `key` is the attribute key's placeholder). Calendar days in values
 * cover the whole UTC day.
 */
export type DateTarget = { kind: 'instant'; expr: string } | { kind: 'day'; key: string };

export function datePredicate(target: DateTarget, op: OperatorOf<'date'>, value: unknown, p: SqlParams, now: Date): string {
  if (target.kind === 'day') return dayPredicate(target.key, op, value, p, now);
  const { expr } = target;
  const at = (iso: string) => p.add(iso, 'timestamptz');
  switch (op) {
    case 'before':
      return `${expr} < ${at(startOf(value as string))}`;
    case 'after':
      return `${expr} >= ${at(endOf(value as string))}`;
    case 'between': {
      const [from, to] = value as [string, string];
      return `(${expr} >= ${at(startOf(from))} AND ${expr} < ${at(endOf(to))})`;
    }
    case 'within_last_days':
      return `(${expr} >= ${at(daysBefore(now, value as number).toISOString())} AND ${expr} <= ${at(now.toISOString())})`;
    case 'is_set':
      return `${expr} IS NOT NULL`;
    case 'not_within_last_days':
      return not(datePredicate(target, 'within_last_days', value, p, now));
    case 'is_not_set':
      return `${expr} IS NULL`;
  }
}

const attributeText = (key: string) => `(c.attributes->>${key})`;

/**
 * Whether a date attribute's stored value starts like `YYYY-MM-DD` (dashes at 5 and 8, digits elsewhere; non-strings
 * never do). Why LIKE and translate() rather than a regex and jsonb_typeof: the regex was most of a segment count's
 * CPU at 1M contacts, and this checks the same shape far cheaper.
 */
export const dayShapedText = (text: string) => `${text} LIKE '____-__-__%' AND translate(left(${text}, 10), '0123456789', '') = '--'`;
const dayShaped = (key: string) => dayShapedText(attributeText(key));

/** The UTC-day text of a date attribute, or NULL when the stored value is not shaped like a day. */
export const attributeDayExpr = (key: string) => `(CASE WHEN ${dayShaped(key)} THEN left(${attributeText(key)}, 10) COLLATE "C" END)`;

/**
 * A comparison on a date attribute's day that only counts well-shaped values. Why the comparison comes first: the
 * shape check costs several times the comparison per row, and a count then runs it only on the rows the comparison
 * keeps. A value that fails either is false rather than NULL, which no caller tells apart (negations coalesce).
 */
const dayWhere = (key: string, compare: (day: string) => string) =>
  `(CASE WHEN ${compare(`left(${attributeText(key)}, 10) COLLATE "C"`)} THEN ${dayShaped(key)} ELSE false END)`;

function dayPredicate(key: string, op: OperatorOf<'date'>, value: unknown, p: SqlParams, now: Date): string {
  const dayParam = (v: string | Date) => p.add(utcDay(v), 'text');
  const within = (from: string, to: string) => dayWhere(key, (day) => `${day} >= ${from} AND ${day} <= ${to}`);
  switch (op) {
    case 'before': {
      const bound = dayParam(value as string);
      return dayWhere(key, (day) => `${day} < ${bound}`);
    }
    case 'after': {
      const bound = dayParam(value as string);
      return dayWhere(key, (day) => `${day} > ${bound}`);
    }
    case 'between': {
      const [from, to] = value as [string, string];
      return within(dayParam(from), dayParam(to));
    }
    case 'within_last_days':
      return within(dayParam(daysBefore(now, value as number)), dayParam(now));
    case 'is_set':
      return `${attributeDayExpr(key)} IS NOT NULL`;
    case 'not_within_last_days':
      return not(dayPredicate(key, 'within_last_days', value, p, now));
    case 'is_not_set':
      return `${attributeDayExpr(key)} IS NULL`;
  }
}

/** `c.tags`; containment and overlap are answered by the GIN index on tags. */
export function tagsPredicate(op: OperatorOf<'tags'>, value: unknown, p: SqlParams): string {
  switch (op) {
    case 'contains':
      return `c.tags @> ${p.add([value], 'text[]')}`;
    case 'contains_all':
      return `c.tags @> ${p.add(value, 'text[]')}`;
    case 'contains_any':
      return `c.tags && ${p.add(value, 'text[]')}`;
    case 'is_not_empty':
      return `cardinality(c.tags) > 0`;
    case 'not_contains':
      return not(tagsPredicate('contains', value, p));
    case 'is_empty':
      return `cardinality(c.tags) = 0`;
  }
}

const EVENT_COLUMNS: Record<SegmentEngagement['event'], string> = { received: 'm.sent_at', opened: 'm.opened_at', clicked: 'm.clicked_at' };

/** Whether the contact received, opened or clicked a message (of one campaign, within some days), or did not. */
export function engagementPredicate(node: SegmentEngagement, p: SqlParams, now: Date): string {
  const column = EVENT_COLUMNS[node.event];
  const conditions = ['m.contact_id = c.id', `${column} IS NOT NULL`];
  if (node.campaignId) conditions.push(`m.campaign_id = ${p.add(node.campaignId, 'uuid')}`);
  if (node.withinDays) conditions.push(`${column} >= ${p.add(daysBefore(now, node.withinDays).toISOString(), 'timestamptz')}`);
  const exists = `EXISTS (SELECT 1 FROM messages m WHERE ${conditions.join(' AND ')})`;
  return node.negate ? `NOT ${exists}` : exists;
}
