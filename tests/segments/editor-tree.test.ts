import { describe, expect, it } from 'vitest';
import { fromCriteria, newGroup, replaceNode, toCriteria, type EditorGroup } from '@/components/segments/editor-tree';
import { segmentCriteriaSchema, type SegmentCriteria } from '@/lib/segments/criteria';

const attributeTypes = { plan: 'string', lifetime_value: 'number', beta_tester: 'boolean', signed_up_on: 'date' } as const;

const criteria: SegmentCriteria = {
  type: 'group',
  combinator: 'or',
  children: [
    {
      type: 'group',
      combinator: 'and',
      children: [
        { type: 'condition', field: 'attributes.plan', operator: 'in', value: ['pro', 'enterprise'] },
        { type: 'condition', field: 'time_zone', operator: 'starts_with', value: 'Europe/' },
        { type: 'group', combinator: 'or', children: [{ type: 'condition', field: 'attributes.lifetime_value', operator: 'between', value: [10, 20] }] },
      ],
    },
    { type: 'condition', field: 'tags', operator: 'contains_all', value: ['vip', 'trial'] },
    { type: 'condition', field: 'created_at', operator: 'between', value: ['2026-01-01', '2026-01-31'] },
    { type: 'condition', field: 'attributes.signed_up_on', operator: 'within_last_days', value: 30 },
    { type: 'condition', field: 'marketing_opt_in', operator: 'is_true' },
    { type: 'engagement', event: 'clicked', campaignId: '0b8a0c1e-9e1f-4f43-9d36-8c4f3f1f7a10', withinDays: 7, negate: true },
    { type: 'engagement', event: 'received' },
  ],
};

describe('the builder\'s editable tree', () => {
  it('round-trips criteria through the editor without change', () => {
    const tree = fromCriteria(criteria, attributeTypes) as EditorGroup;
    expect(toCriteria(tree, attributeTypes)).toEqual(criteria);
  });

  it('turns raw input text into typed values the schema accepts, and blanks into errors at the right path', () => {
    const tree = newGroup();
    const condition = tree.children[0];
    const filled = replaceNode(tree, condition.key, { ...condition, type: 'condition', field: 'attributes.lifetime_value', operator: 'in', draft: { text: '1, 2 ,3', from: '', to: '' } } as never) as EditorGroup;
    expect(toCriteria(filled, attributeTypes).children[0]).toEqual({ type: 'condition', field: 'attributes.lifetime_value', operator: 'in', value: [1, 2, 3] });
    const blank = replaceNode(tree, condition.key, { ...condition, type: 'condition', field: 'attributes.lifetime_value', operator: 'gt', draft: { text: '', from: '', to: '' } } as never) as EditorGroup;
    const result = segmentCriteriaSchema(attributeTypes).safeParse(toCriteria(blank, attributeTypes));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['children.0.value']);
  });

  it('removes a node anywhere in the tree', () => {
    const tree = fromCriteria(criteria, attributeTypes) as EditorGroup;
    const inner = tree.children[0] as EditorGroup;
    const pruned = replaceNode(tree, inner.children[1].key, null) as EditorGroup;
    expect((toCriteria(pruned, attributeTypes).children[0] as SegmentCriteria).children).toHaveLength(2);
  });
});
