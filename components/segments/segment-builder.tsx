'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { GroupEditor, type CriteriaEditorContext } from '@/components/segments/criteria-editor';
import { fromCriteria, replaceNode, starterCriteria, toCriteria, type EditorGroup, type EditorNode } from '@/components/segments/editor-tree';
import { SegmentPreview } from '@/components/segments/segment-preview';
import { useSegmentPreview } from '@/components/segments/use-segment-preview';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import type { AttributeType } from '@/lib/contacts/attribute-types';
import type { ActionState } from '@/lib/http/action';
import { criteriaFieldErrors, segmentCriteriaSchema, type SegmentCriteria } from '@/lib/segments/criteria';

interface Props {
  segment: { id: string; name: string; description: string | null; criteria: SegmentCriteria } | null;
  attributes: { key: string; label: string; type: AttributeType }[];
  campaigns: { id: string; name: string }[];
  canEdit: boolean;
  saveAction: (id: string | null, input: unknown) => Promise<ActionState<{ id: string }>>;
  deleteAction: (id: string) => Promise<ActionState>;
}

/** Edits a segment's name and AND/OR criteria, validating as you type and showing the live matching count. */
export function SegmentBuilder({ segment, attributes, campaigns, canEdit, saveAction, deleteAction }: Props) {
  const router = useRouter();
  const attributeTypes = useMemo(() => Object.fromEntries(attributes.map((a) => [a.key, a.type])), [attributes]);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [tree, setTree] = useState<EditorGroup>(() => fromCriteria(segment?.criteria ?? starterCriteria, attributeTypes) as EditorGroup);
  const [state, setState] = useState<ActionState<{ id: string }> | ActionState>(null);
  const [pending, start] = useTransition();

  // The same schema the server applies, so most mistakes show beside their node before any request is made.
  const criteria = useMemo(() => toCriteria(tree, attributeTypes), [tree, attributeTypes]);
  const checked = useMemo(() => segmentCriteriaSchema(attributeTypes).safeParse(criteria), [criteria, attributeTypes]);
  const preview = useSegmentPreview(checked.success ? checked.data : null);
  const serverErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const errors = { ...(preview.error?.fieldErrors ?? {}), ...serverErrors, ...(checked.success ? {} : criteriaFieldErrors(checked.error)) };

  const edit = (key: string, next: EditorNode | null) => {
    setState(null);
    setTree((t) => (key === t.key ? (next as EditorGroup) : (replaceNode(t, key, next) as EditorGroup)));
  };
  const ctx: CriteriaEditorContext = { attributes, attributeTypes, campaigns, errors, onChange: edit };

  const save = () =>
    start(async () => {
      const result = await saveAction(segment?.id ?? null, { name, description, criteria });
      setState(result);
      if (result?.ok && !segment && result.data) router.push(`/segments/${result.data.id}`);
      else if (result?.ok) router.refresh();
    });
  const remove = () => {
    if (!segment || !confirm(`Delete the segment "${segment.name}"?`)) return;
    start(async () => {
      const result = await deleteAction(segment.id);
      setState(result);
      if (result?.ok) router.push('/segments');
    });
  };

  const problem = !checked.success ? 'Fix the highlighted conditions to see the count.' : preview.error ? preview.error.message : null;

  return (
    <form
      className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]"
      method="post"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) save();
      }}
    >
      <fieldset disabled={!canEdit || pending} className="min-w-0 space-y-4">
        <legend className="sr-only">Segment</legend>
        <div className="card grid grid-cols-1 gap-3 md:grid-cols-2">
          <FormField id="segment-name" label="Name" errors={serverErrors.name}>
            <input id="segment-name" className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(serverErrors.name)} />
          </FormField>
          <FormField id="segment-description" label="Description (optional)" errors={serverErrors.description}>
            <input id="segment-description" className="input" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />
          </FormField>
        </div>
        <GroupEditor node={tree} path="criteria" depth={1} ctx={ctx} />
        {canEdit && (
          <div className="flex items-center gap-3">
            <button type="submit" className="btn-primary">{pending ? 'Saving…' : segment ? 'Save changes' : 'Create segment'}</button>
            {segment && (
              <button type="button" className="btn-secondary text-red-600" onClick={remove}>Delete segment</button>
            )}
            <ActionMessage state={state} />
          </div>
        )}
      </fieldset>
      <div className="xl:sticky xl:top-6 xl:self-start">
        <SegmentPreview data={preview.data} updating={preview.isFetching} problem={problem} />
      </div>
    </form>
  );
}
