import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { badRequest } from '@/lib/http/errors';
import { criteriaFieldErrors, joinCriteria, segmentCriteriaSchema, type SegmentCondition, type SegmentCriteria, type SegmentNode } from '@/lib/segments/criteria';
import { attributeKeyOf, fieldTypeOf, isContactField, type ContactField, type OperatorOf } from '@/lib/segments/fields';
import { booleanPredicate, datePredicate, engagementPredicate, numberPredicate, tagsPredicate, textPredicate } from '@/lib/segments/predicates';
import { SqlParams } from '@/lib/segments/sql-params';

export { loadAttributeTypes };

export interface CompileOptions {
  attributeTypes: AttributeTypes;
  /** Placeholders start at `$paramOffset + 1`, so the caller can bind its own values first. */
  paramOffset?: number;
  /** The instant "within the last N days" counts back from; tests pin it. */
  now?: Date;
  /** The criteria are validateCriteria's own result for these attribute types, so they are not checked twice. */
  validated?: boolean;
}

export interface CompiledSegment {
  /** A boolean SQL expression over `contacts c`. */
  where: string;
  params: unknown[];
}

/** What every node compiles against. */
type Context = { attributeTypes: AttributeTypes; now: Date };

/** The only contact columns that ever appear in segment SQL, keyed by their field name. */
const COLUMNS: Record<ContactField, string> = {
  email: 'c.email',
  first_name: 'c.first_name',
  last_name: 'c.last_name',
  phone: 'c.phone',
  time_zone: 'c.time_zone',
  locale: 'c.locale',
  marketing_opt_in: 'c.marketing_opt_in',
  opt_in_at: 'c.opt_in_at',
  unsubscribed_at: 'c.unsubscribed_at',
  created_at: 'c.created_at',
  tags: 'c.tags',
};

function conditionSql(node: SegmentCondition, p: SqlParams, o: Context): string {
  const type = fieldTypeOf(node.field, o.attributeTypes);
  const column = isContactField(node.field) ? COLUMNS[node.field] : null;
  // The attribute key is bound like any value: only its placeholder reaches the SQL text.
  const key = () => p.add(attributeKeyOf(node.field), 'text');
  switch (type) {
    case 'text':
      return textPredicate(column ?? `(c.attributes->>${key()})`, node.operator as OperatorOf<'text'>, node.value, p);
    case 'number':
      return numberPredicate(key(), node.operator as OperatorOf<'number'>, node.value, p);
    case 'boolean':
      return booleanPredicate(column ? { column } : { key: key() }, node.operator as OperatorOf<'boolean'>);
    case 'date':
      return datePredicate(column ? { kind: 'instant', expr: column } : { kind: 'day', key: key() }, node.operator as OperatorOf<'date'>, node.value, p, o.now);
    case 'tags':
      return tagsPredicate(node.operator as OperatorOf<'tags'>, node.value, p);
    default:
      throw badRequest('Invalid segment criteria', { criteria: [`Unknown field "${node.field}"`] });
  }
}

function nodeSql(node: SegmentNode, p: SqlParams, o: Context): string {
  return joinCriteria(node, (leaf) => (leaf.type === 'condition' ? conditionSql(leaf, p, o) : engagementPredicate(leaf, p, o.now)));
}

/** Validates criteria against the workspace's attribute types; a bad tree is a 400 naming each bad node's path. */
export function validateCriteria(criteria: unknown, attributeTypes: AttributeTypes): SegmentCriteria {
  const result = segmentCriteriaSchema(attributeTypes).safeParse(criteria);
  if (result.success) return result.data;
  throw badRequest('Invalid segment criteria', criteriaFieldErrors(result.error));
}

/**
 * Compiles criteria into a WHERE expression over `contacts c` with numbered placeholders. The tree is validated
 * first, so only whitelisted columns, operators and casts reach the SQL text; every value is a parameter.
 */
export function compileSegment(criteria: SegmentCriteria, opts: CompileOptions): CompiledSegment {
  const tree = opts.validated ? criteria : validateCriteria(criteria, opts.attributeTypes);
  const p = new SqlParams(opts.paramOffset ?? 0);
  const where = nodeSql(tree, p, { attributeTypes: opts.attributeTypes, now: opts.now ?? new Date() });
  return { where, params: p.values };
}

/** Compiles criteria scoped to one workspace: `c.workspace_id = $1` ANDed with the criteria. */
export function compileForWorkspace(workspaceId: string, criteria: SegmentCriteria, opts: Omit<CompileOptions, 'paramOffset'>): CompiledSegment {
  const compiled = compileSegment(criteria, { ...opts, paramOffset: 1 });
  return { where: `c.workspace_id = $1::uuid AND ${compiled.where}`, params: [workspaceId, ...compiled.params] };
}

/** The segment's WHERE for one workspace, with the workspace's attribute types loaded. */
export async function segmentWhereFor(workspaceId: string, criteria: SegmentCriteria, now?: Date): Promise<CompiledSegment> {
  return compileForWorkspace(workspaceId, criteria, { attributeTypes: await loadAttributeTypes(workspaceId), now });
}
