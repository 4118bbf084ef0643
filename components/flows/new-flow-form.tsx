'use client';

import { useActionState } from 'react';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import type { ActionState } from '@/lib/http/action';

/** Names a new flow; the action creates it and opens its editor. */
export function NewFlowForm({ action }: { action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const [state, formAction, creating] = useActionState(action, null);
  const fe = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="card mb-6 grid grid-cols-1 gap-3 md:grid-cols-3 md:items-end" noValidate>
      <FormField id="flow-name" label="New flow" errors={fe?.name}>
        <input id="flow-name" name="name" className="input" placeholder="e.g. Welcome series" aria-invalid={Boolean(fe?.name)} />
      </FormField>
      <FormField id="flow-description" label="Description (optional)" errors={fe?.description}>
        <input id="flow-description" name="description" className="input" />
      </FormField>
      <div>
        <button type="submit" className="btn-primary" disabled={creating}>{creating ? 'Creating…' : 'Create flow'}</button>
      </div>
      <div className="md:col-span-3"><ActionMessage state={state && !state.ok ? state : null} /></div>
    </form>
  );
}
