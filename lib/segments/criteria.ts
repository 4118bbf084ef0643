import { z } from 'zod';
import { isoDateOrInstant, type AttributeTypes } from '@/lib/contacts/attribute-types';
import { fieldErrorsOf } from '@/lib/http/errors';
import { tagSchema as tag } from '@/lib/contacts/tags';
import { fieldTypeOf, isOperatorOf, valueKindOf, type Operator, type ValueKind } from '@/lib/segments/fields';

/** Groups nest at most this deep (the root group is level 1). */
export const MAX_DEPTH = 5;
export const MAX_CHILDREN = 50;
/** Why: bounds the SQL a single segment can generate, whatever the nesting. */
export const MAX_NODES = 500;

export const combinators = ['and', 'or'] as const;
export type Combinator = (typeof combinators)[number];

export const engagementEvents = ['received', 'opened', 'clicked'] as const;
export type EngagementEvent = (typeof engagementEvents)[number];

export interface SegmentCondition {
  type: 'condition';
  field: string;
  operator: Operator;
  value?: unknown;
}

export const engagementSchema = z.object({
  type: z.literal('engagement'),
  event: z.enum(engagementEvents),
  campaignId: z.uuid('Choose a campaign').optional(),
  withinDays: z.int().min(1, 'At least 1 day').max(3650, 'At most 3,650 days').optional(),
  negate: z.boolean().optional(),
});
export type SegmentEngagement = z.infer<typeof engagementSchema>;

export interface SegmentGroup {
  type: 'group';
  combinator: Combinator;
  children: SegmentNode[];
}

export type SegmentNode = SegmentGroup | SegmentCondition | SegmentEngagement;

/** A segment's criteria: always a group at the root. */
export type SegmentCriteria = SegmentGroup;

const text = z.string().min(1, 'Enter a value').max(1000, 'At most 1,000 characters');
const number = z.number({ error: 'Enter a number' });
const list = <T extends z.ZodType>(item: T, max = 500) => z.array(item).min(1, 'Enter at least one value').max(max, `At most ${max} values`);

const valueSchemas: Record<ValueKind, z.ZodType> = {
  none: z.union([z.undefined(), z.null()], { error: 'This operator takes no value' }).transform(() => undefined),
  text,
  text_list: list(text),
  number,
  number_range: z.tuple([number, number]).refine(([min, max]) => min <= max, 'The minimum must not exceed the maximum'),
  number_list: list(number),
  date: isoDateOrInstant,
  date_range: z.tuple([isoDateOrInstant, isoDateOrInstant]).refine(([from, to]) => Date.parse(from) <= Date.parse(to), 'The start must not be after the end'),
  days: z.int('Enter a whole number of days').min(1, 'At least 1 day').max(3650, 'At most 3,650 days'),
  tag,
  tag_list: list(tag, 100),
};

/** A condition whose field exists in this workspace, whose operator suits the field, and whose value suits both. */
function conditionSchema(attributeTypes: AttributeTypes) {
  return z
    .object({
      type: z.literal('condition'),
      field: z.string().max(100, 'Unknown field'),
      operator: z.string().max(40, 'Unknown operator'),
      value: z.unknown().optional(),
    })
    .transform((node, ctx): SegmentCondition => {
      const type = fieldTypeOf(node.field, attributeTypes);
      if (!type) {
        ctx.addIssue({ code: 'custom', path: ['field'], message: `Unknown field "${node.field.slice(0, 100)}"` });
        return z.NEVER;
      }
      if (!isOperatorOf(type, node.operator)) {
        ctx.addIssue({ code: 'custom', path: ['operator'], message: `"${node.operator.slice(0, 40)}" does not apply to a ${type} field` });
        return z.NEVER;
      }
      const parsed = valueSchemas[valueKindOf(type, node.operator)].safeParse(node.value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
        return z.NEVER;
      }
      return parsed.data === undefined
        ? { type: 'condition', field: node.field, operator: node.operator }
        : { type: 'condition', field: node.field, operator: node.operator, value: parsed.data };
    });
}

/** Refuses a group below the deepest allowed level with a message instead of a bare discriminator error. */
const tooDeep = z.object({ type: z.literal('group') }).superRefine((_node, ctx) => {
  ctx.addIssue({ code: 'custom', message: `Groups can be nested at most ${MAX_DEPTH} levels deep` });
});

function groupSchema(depth: number, leaves: [ReturnType<typeof conditionSchema>, typeof engagementSchema]): z.ZodType<SegmentGroup> {
  const nested = depth < MAX_DEPTH ? groupSchema(depth + 1, leaves) : tooDeep;
  return z.object({
    type: z.literal('group'),
    combinator: z.enum(combinators, { error: 'Choose AND or OR' }),
    children: z
      .array(z.discriminatedUnion('type', [...leaves, nested as z.ZodObject<{ type: z.ZodLiteral<'group'> }>]))
      .min(1, 'Add at least one condition')
      .max(MAX_CHILDREN, `At most ${MAX_CHILDREN} conditions per group`),
  }) as unknown as z.ZodType<SegmentGroup>;
}

/** A criteria tree as one boolean SQL expression: groups join their children with AND or OR, `leaf` writes the rest. */
export function joinCriteria(node: SegmentNode, leaf: (node: SegmentCondition | SegmentEngagement) => string): string {
  if (node.type !== 'group') return leaf(node);
  return `(${node.children.map((child) => joinCriteria(child, leaf)).join(node.combinator === 'and' ? ' AND ' : ' OR ')})`;
}

/** Nodes in a tree; tolerant of partly invalid trees because it also runs beside other issues. */
export function countNodes(node: unknown): number {
  const children = node && typeof node === 'object' ? (node as { children?: unknown }).children : undefined;
  return 1 + (Array.isArray(children) ? children.reduce((n: number, child) => n + countNodes(child), 0) : 0);
}

/** The criteria tree as this workspace understands it: field names, operators and values all checked, with paths. */
export function segmentCriteriaSchema(attributeTypes: AttributeTypes): z.ZodType<SegmentCriteria> {
  return groupSchema(1, [conditionSchema(attributeTypes), engagementSchema]).superRefine((root, ctx) => {
    if (countNodes(root) > MAX_NODES) ctx.addIssue({ code: 'custom', message: `A segment can have at most ${MAX_NODES} conditions and groups` });
  });
}

/** Field errors of a criteria parse, keyed as in a request body (`criteria.children.0.value`). */
export function criteriaFieldErrors(error: z.ZodError): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fieldErrorsOf(error)).map(([path, messages]) => [path === '_' ? 'criteria' : `criteria.${path}`, messages]));
}
