import type { Combinator, EngagementEvent, SegmentCriteria, SegmentNode } from '@/lib/segments/criteria';
import { fieldTypeOf, isOperatorOf, valueKindOf, type Operator, type ValueKind } from '@/lib/segments/fields';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';

// The builder edits a copy of the criteria tree in which every node has a stable React key and values are
// kept as the raw strings the inputs show; toCriteria turns it back into criteria for validation and saving.

/** Raw input text: `text` for single inputs and lists (comma-separated), `from`/`to` for ranges. */
export interface Draft {
  text: string;
  from: string;
  to: string;
}

export type EditorNode =
  | { key: string; type: 'group'; combinator: Combinator; children: EditorNode[] }
  | { key: string; type: 'condition'; field: string; operator: Operator; draft: Draft }
  | { key: string; type: 'engagement'; event: EngagementEvent; campaignId: string; withinDays: string; negate: boolean };

export type EditorGroup = Extract<EditorNode, { type: 'group' }>;

// Nodes loaded from criteria are keyed by their path, so server and client render the same element ids;
// nodes added while editing (client only) take keys from a counter.
let counter = 0;
const newKey = () => `n${++counter}`;
export const emptyDraft = (): Draft => ({ text: '', from: '', to: '' });

export const newCondition = (): EditorNode => ({ key: newKey(), type: 'condition', field: 'email', operator: 'contains', draft: emptyDraft() });
export const newEngagement = (): EditorNode => ({ key: newKey(), type: 'engagement', event: 'opened', campaignId: '', withinDays: '', negate: false });
export const newGroup = (combinator: Combinator = 'and'): EditorGroup => ({ key: newKey(), type: 'group', combinator, children: [newCondition()] });

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The value an input's raw text stands for, in the shape the operator's kind expects. */
export function draftValue(kind: ValueKind, d: Draft): unknown {
  switch (kind) {
    case 'none':
      return undefined;
    case 'text':
    case 'tag':
    case 'date':
      return d.text;
    case 'text_list':
    case 'tag_list':
      return list(d.text);
    case 'number':
    case 'days':
      return num(d.text);
    case 'number_list':
      return list(d.text).map(Number);
    case 'number_range':
      return [num(d.from), num(d.to)];
    case 'date_range':
      return [d.from, d.to];
  }
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : '');

/** The raw text that shows a stored value in its inputs (date inputs show whole days). */
export function valueDraft(kind: ValueKind, value: unknown): Draft {
  const items: unknown[] = Array.isArray(value) ? value : [];
  switch (kind) {
    case 'number_range':
      return { text: '', from: String(items[0] ?? ''), to: String(items[1] ?? '') };
    case 'date_range':
      return { text: '', from: day(items[0]), to: day(items[1]) };
    case 'text_list':
    case 'tag_list':
    case 'number_list':
      return { ...emptyDraft(), text: items.join(', ') };
    case 'date':
      return { ...emptyDraft(), text: day(value) };
    default:
      return { ...emptyDraft(), text: value === undefined || value === null ? '' : String(value) };
  }
}

/** The value kind of a condition in this workspace, or null when its field or operator is unknown. */
export function kindOf(field: string, operator: string, attributeTypes: AttributeTypes): ValueKind | null {
  const type = fieldTypeOf(field, attributeTypes);
  return type && isOperatorOf(type, operator) ? valueKindOf(type, operator) : null;
}

export function fromCriteria(node: SegmentNode, attributeTypes: AttributeTypes, key = 'root'): EditorNode {
  switch (node.type) {
    case 'group':
      return { key, type: 'group', combinator: node.combinator, children: node.children.map((c, i) => fromCriteria(c, attributeTypes, `${key}-${i}`)) };
    case 'condition':
      return { key, type: 'condition', field: node.field, operator: node.operator, draft: valueDraft(kindOf(node.field, node.operator, attributeTypes) ?? 'text', node.value) };
    case 'engagement':
      return { key, type: 'engagement', event: node.event, campaignId: node.campaignId ?? '', withinDays: node.withinDays ? String(node.withinDays) : '', negate: Boolean(node.negate) };
  }
}

/** What a new segment starts from: one "email contains" condition. */
export const starterCriteria: SegmentCriteria = { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'contains' }] };

export function toCriteria(node: EditorGroup, attributeTypes: AttributeTypes): SegmentCriteria;
export function toCriteria(node: EditorNode, attributeTypes: AttributeTypes): SegmentNode;
export function toCriteria(node: EditorNode, attributeTypes: AttributeTypes): SegmentNode {
  switch (node.type) {
    case 'group':
      return { type: 'group', combinator: node.combinator, children: node.children.map((c) => toCriteria(c, attributeTypes)) };
    case 'condition': {
      const kind = kindOf(node.field, node.operator, attributeTypes);
      const value = kind ? draftValue(kind, node.draft) : undefined;
      return value === undefined ? { type: 'condition', field: node.field, operator: node.operator } : { type: 'condition', field: node.field, operator: node.operator, value };
    }
    case 'engagement':
      return {
        type: 'engagement',
        event: node.event,
        ...(node.campaignId ? { campaignId: node.campaignId } : {}),
        ...(node.withinDays.trim() ? { withinDays: Number(node.withinDays) } : {}),
        ...(node.negate ? { negate: true } : {}),
      };
  }
}

/** A copy of the tree with the node under `key` replaced (or removed when `next` is null). */
export function replaceNode(node: EditorNode, key: string, next: EditorNode | null): EditorNode {
  if (node.type !== 'group') return node;
  const children: EditorNode[] = [];
  for (const child of node.children) {
    if (child.key === key) {
      if (next) children.push(next);
    } else children.push(replaceNode(child, key, next));
  }
  return { ...node, children };
}
