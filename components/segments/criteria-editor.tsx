'use client';

import { emptyDraft, kindOf, newCondition, newEngagement, newGroup, type EditorGroup, type EditorNode } from '@/components/segments/editor-tree';
import { ValueInput } from '@/components/segments/value-input';
import { OptionFind, useOptionFilter } from '@/components/ui/option-filter';
import type { AttributeType, AttributeTypes } from '@/lib/contacts/attribute-types';
import { MAX_DEPTH, engagementEvents, type EngagementEvent } from '@/lib/segments/criteria';
import { ATTRIBUTE_PREFIX, CONTACT_FIELDS, OPERATORS, OPERATOR_LABELS, fieldTypeOf, type Operator } from '@/lib/segments/fields';

export interface CriteriaEditorContext {
  attributes: { key: string; label: string; type: AttributeType }[];
  attributeTypes: AttributeTypes;
  campaigns: { id: string; name: string }[];
  /** Field errors keyed by path (`criteria.children.1.operator`). */
  errors: Record<string, string[]>;
  /** Replaces the node with this key, or removes it when `next` is null. */
  onChange: (key: string, next: EditorNode | null) => void;
}

const EVENT_LABELS: Record<EngagementEvent, string> = { received: 'received', opened: 'opened', clicked: 'clicked' };

/** The messages that belong to this node itself, not to its children. */
function ownErrors(errors: Record<string, string[]>, path: string, isGroup: boolean): string[] {
  return Object.entries(errors).flatMap(([key, messages]) => {
    if (key === path) return messages;
    if (!key.startsWith(`${path}.`)) return [];
    return isGroup && /^children\.\d+/.test(key.slice(path.length + 1)) ? [] : messages;
  });
}

const hasError = (errors: Record<string, string[]>, key: string) => Object.keys(errors).some((k) => k === key || k.startsWith(`${key}.`));

function NodeErrors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div id={id} role="alert" className="mt-1">
      {[...new Set(messages)].map((m) => (
        <p key={m} className="field-error">{m}</p>
      ))}
    </div>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="rounded px-2 py-1 text-sm text-red-600 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500" aria-label={label} onClick={onClick}>
      Remove
    </button>
  );
}

function ConditionEditor({ node, path, ctx }: { node: Extract<EditorNode, { type: 'condition' }>; path: string; ctx: CriteriaEditorContext }) {
  const type = fieldTypeOf(node.field, ctx.attributeTypes);
  const kind = kindOf(node.field, node.operator, ctx.attributeTypes);
  const errorId = `${node.key}-errors`;
  const known = type !== null;
  const describedBy = (key: string) => (hasError(ctx.errors, key) ? errorId : undefined);

  const setField = (field: string) => {
    const nextType = fieldTypeOf(field, ctx.attributeTypes);
    const operator = nextType ? (OPERATORS[nextType][0] as Operator) : node.operator;
    ctx.onChange(node.key, { ...node, field, operator, draft: emptyDraft() });
  };
  const setOperator = (operator: Operator) => {
    const sameKind = kindOf(node.field, operator, ctx.attributeTypes) === kind;
    ctx.onChange(node.key, { ...node, operator, draft: sameKind ? node.draft : emptyDraft() });
  };

  return (
    <div className="rounded-md border border-gray-200 bg-white p-2" data-testid="segment-condition">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${node.key}-field`} className="sr-only">Field</label>
        <select id={`${node.key}-field`} className="input w-48" value={node.field} onChange={(e) => setField(e.target.value)} aria-invalid={hasError(ctx.errors, `${path}.field`)} aria-describedby={describedBy(`${path}.field`)}>
          {!known && <option value={node.field}>{node.field} (unknown)</option>}
          <optgroup label="Contact">
            {Object.entries(CONTACT_FIELDS).map(([field, def]) => (
              <option key={field} value={field}>{def.label}</option>
            ))}
          </optgroup>
          {ctx.attributes.length > 0 && (
            <optgroup label="Custom attributes">
              {ctx.attributes.map((a) => (
                <option key={a.key} value={`${ATTRIBUTE_PREFIX}${a.key}`}>{a.label}</option>
              ))}
            </optgroup>
          )}
        </select>
        <label htmlFor={`${node.key}-operator`} className="sr-only">Operator</label>
        <select id={`${node.key}-operator`} className="input w-56" value={node.operator} onChange={(e) => setOperator(e.target.value as Operator)} aria-invalid={hasError(ctx.errors, `${path}.operator`)} aria-describedby={describedBy(`${path}.operator`)}>
          {(type ? OPERATORS[type] : [node.operator]).map((op) => (
            <option key={op} value={op}>{OPERATOR_LABELS[op as Operator] ?? op}</option>
          ))}
        </select>
        {kind && (
          <div className="min-w-[12rem] flex-1">
            <ValueInput id={`${node.key}-value`} kind={kind} draft={node.draft} onChange={(draft) => ctx.onChange(node.key, { ...node, draft })} invalid={hasError(ctx.errors, `${path}.value`)} errorId={errorId} />
          </div>
        )}
        <RemoveButton label="Remove condition" onClick={() => ctx.onChange(node.key, null)} />
      </div>
      <NodeErrors id={errorId} messages={ownErrors(ctx.errors, path, false)} />
    </div>
  );
}

function EngagementEditor({ node, path, ctx }: { node: Extract<EditorNode, { type: 'engagement' }>; path: string; ctx: CriteriaEditorContext }) {
  const errorId = `${node.key}-errors`;
  const set = (patch: Partial<typeof node>) => ctx.onChange(node.key, { ...node, ...patch });
  const campaignFind = useOptionFilter(ctx.campaigns, (c) => c.name, node.campaignId);
  return (
    <div className="rounded-md border border-gray-200 bg-white p-2" data-testid="segment-engagement">
      <OptionFind id={`${node.key}-campaign-find`} label="Find a campaign" filter={campaignFind} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${node.key}-negate`} className="sr-only">Did or did not</label>
        <select id={`${node.key}-negate`} className="input w-28" value={node.negate ? 'not' : 'did'} onChange={(e) => set({ negate: e.target.value === 'not' })}>
          <option value="did">Has</option>
          <option value="not">Has not</option>
        </select>
        <label htmlFor={`${node.key}-event`} className="sr-only">Engagement</label>
        <select id={`${node.key}-event`} className="input w-32" value={node.event} onChange={(e) => set({ event: e.target.value as EngagementEvent })}>
          {engagementEvents.map((ev) => (
            <option key={ev} value={ev}>{EVENT_LABELS[ev]}</option>
          ))}
        </select>
        <label htmlFor={`${node.key}-campaign`} className="sr-only">Campaign</label>
        <select id={`${node.key}-campaign`} className="input w-56" value={node.campaignId} onChange={(e) => set({ campaignId: e.target.value })} aria-invalid={hasError(ctx.errors, `${path}.campaignId`)}>
          <option value="">any campaign</option>
          {campaignFind.visible.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
        <label htmlFor={`${node.key}-days`} className="text-gray-600">within the last</label>
        <input id={`${node.key}-days`} type="number" min={1} max={3650} step={1} className="input w-24" placeholder="any" value={node.withinDays} onChange={(e) => set({ withinDays: e.target.value })} aria-invalid={hasError(ctx.errors, `${path}.withinDays`)} aria-describedby={hasError(ctx.errors, `${path}.withinDays`) ? errorId : undefined} />
        <span className="text-gray-600">days</span>
        <RemoveButton label="Remove engagement condition" onClick={() => ctx.onChange(node.key, null)} />
      </div>
      <NodeErrors id={errorId} messages={ownErrors(ctx.errors, path, false)} />
    </div>
  );
}

/** One AND/OR group: its combinator, its children (recursively), and buttons to add or remove nodes. */
export function GroupEditor({ node, path, depth, ctx }: { node: EditorGroup; path: string; depth: number; ctx: CriteriaEditorContext }) {
  const add = (child: EditorNode) => ctx.onChange(node.key, { ...node, children: [...node.children, child] });
  const errorId = `${node.key}-errors`;
  return (
    <fieldset className={`space-y-2 rounded-lg border p-3 ${depth % 2 ? 'border-indigo-200 bg-indigo-50/40' : 'border-gray-200 bg-gray-50'}`} data-testid="segment-group">
      <legend className="sr-only">{depth === 1 ? 'Criteria' : `Nested group, level ${depth}`}</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${node.key}-combinator`} className="text-gray-600">Match</label>
        <select id={`${node.key}-combinator`} className="input w-auto" value={node.combinator} onChange={(e) => ctx.onChange(node.key, { ...node, combinator: e.target.value as EditorGroup['combinator'] })}>
          <option value="and">all of (AND)</option>
          <option value="or">any of (OR)</option>
        </select>
        <span className="text-gray-600">these conditions</span>
        {depth > 1 && (
          <span className="ml-auto">
            <RemoveButton label={`Remove group, level ${depth}`} onClick={() => ctx.onChange(node.key, null)} />
          </span>
        )}
      </div>
      <NodeErrors id={errorId} messages={ownErrors(ctx.errors, path, true)} />
      <ul className="space-y-2">
        {node.children.map((child, i) => {
          const childPath = `${path}.children.${i}`;
          return (
            <li key={child.key}>
              {i > 0 && <div className="mb-1 text-xs font-semibold uppercase text-gray-500" aria-hidden>{node.combinator}</div>}
              {child.type === 'group' ? (
                <GroupEditor node={child} path={childPath} depth={depth + 1} ctx={ctx} />
              ) : child.type === 'condition' ? (
                <ConditionEditor node={child} path={childPath} ctx={ctx} />
              ) : (
                <EngagementEditor node={child} path={childPath} ctx={ctx} />
              )}
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => add(newCondition())}>Add condition</button>
        <button type="button" className="btn-secondary" onClick={() => add(newEngagement())}>Add engagement</button>
        <button type="button" className="btn-secondary" disabled={depth >= MAX_DEPTH} onClick={() => add(newGroup(node.combinator === 'and' ? 'or' : 'and'))}>
          Add group
        </button>
      </div>
    </fieldset>
  );
}
