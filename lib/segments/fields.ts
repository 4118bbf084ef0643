import { ATTRIBUTE_KEY, type AttributeType, type AttributeTypes } from '@/lib/contacts/attribute-types';

/** What a segment field holds, which decides the operators it offers. */
export type FieldType = 'text' | 'number' | 'boolean' | 'date' | 'tags';

/** The contact columns a segment may filter on; anything else is refused before SQL is written. */
export const CONTACT_FIELDS = {
  email: { label: 'Email', type: 'text' },
  first_name: { label: 'First name', type: 'text' },
  last_name: { label: 'Last name', type: 'text' },
  phone: { label: 'Phone', type: 'text' },
  time_zone: { label: 'Time zone', type: 'text' },
  locale: { label: 'Locale', type: 'text' },
  marketing_opt_in: { label: 'Marketing opt-in', type: 'boolean' },
  opt_in_at: { label: 'Opted in at', type: 'date' },
  unsubscribed_at: { label: 'Unsubscribed at', type: 'date' },
  created_at: { label: 'Created at', type: 'date' },
  tags: { label: 'Tags', type: 'tags' },
} as const satisfies Record<string, { label: string; type: FieldType }>;

export type ContactField = keyof typeof CONTACT_FIELDS;

export const OPERATORS = {
  text: ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'is_set', 'is_not_set'],
  number: ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_set', 'is_not_set'],
  boolean: ['is_true', 'is_false'],
  date: ['before', 'after', 'between', 'within_last_days', 'not_within_last_days', 'is_set', 'is_not_set'],
  tags: ['contains', 'not_contains', 'contains_any', 'contains_all', 'is_empty', 'is_not_empty'],
} as const satisfies Record<FieldType, readonly string[]>;

export type OperatorOf<T extends FieldType> = (typeof OPERATORS)[T][number];
export type Operator = OperatorOf<FieldType>;

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  in: 'is one of',
  not_in: 'is not one of',
  is_set: 'is set',
  is_not_set: 'is not set',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  is_true: 'is true',
  is_false: 'is false',
  before: 'is before',
  after: 'is after',
  within_last_days: 'is within the last … days',
  not_within_last_days: 'is not within the last … days',
  contains_any: 'contains any of',
  contains_all: 'contains all of',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
};

/** The shape of the value an operator takes; the schema, the compiler and the builder's inputs all follow it. */
export type ValueKind = 'none' | 'text' | 'text_list' | 'number' | 'number_range' | 'number_list' | 'date' | 'date_range' | 'days' | 'tag' | 'tag_list';

const NO_VALUE = new Set<string>(['is_set', 'is_not_set', 'is_true', 'is_false', 'is_empty', 'is_not_empty']);

export function valueKindOf(type: FieldType, operator: Operator): ValueKind {
  if (NO_VALUE.has(operator)) return 'none';
  switch (type) {
    case 'text':
      return operator === 'in' || operator === 'not_in' ? 'text_list' : 'text';
    case 'number':
      return operator === 'between' ? 'number_range' : operator === 'in' ? 'number_list' : 'number';
    case 'date':
      return operator === 'between' ? 'date_range' : operator === 'within_last_days' || operator === 'not_within_last_days' ? 'days' : 'date';
    case 'tags':
      return operator === 'contains_any' || operator === 'contains_all' ? 'tag_list' : 'tag';
    case 'boolean':
      return 'none';
  }
}

const ATTRIBUTE_FIELD_TYPES: Record<AttributeType, FieldType> = { string: 'text', number: 'number', boolean: 'boolean', date: 'date' };

export const ATTRIBUTE_PREFIX = 'attributes.';

/** The attribute key of an `attributes.<key>` field, or null when the field is not a well-formed attribute. */
export function attributeKeyOf(field: string): string | null {
  if (!field.startsWith(ATTRIBUTE_PREFIX)) return null;
  const key = field.slice(ATTRIBUTE_PREFIX.length);
  return ATTRIBUTE_KEY.test(key) ? key : null;
}

export function isContactField(field: string): field is ContactField {
  return Object.hasOwn(CONTACT_FIELDS, field);
}

/** The type of a field in this workspace, or null when the field is unknown. */
export function fieldTypeOf(field: string, attributeTypes: AttributeTypes): FieldType | null {
  if (isContactField(field)) return CONTACT_FIELDS[field].type;
  const key = attributeKeyOf(field);
  if (key === null || !Object.hasOwn(attributeTypes, key)) return null;
  return ATTRIBUTE_FIELD_TYPES[attributeTypes[key]];
}

export function isOperatorOf(type: FieldType, operator: string): operator is Operator {
  return (OPERATORS[type] as readonly string[]).includes(operator);
}
