'use client';

import { useActionState, useTransition, useState } from 'react';
import { DataTable, type Column } from '@/components/ui/data-table';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import { RowDangerButton } from '@/components/ui/row-danger-button';
import { roleLabels, roles } from '@/lib/auth/roles';
import type { ActionState } from '@/lib/http/action';

interface Member {
  id: string;
  name: string;
  email: string;
  role: string;
  since: string;
}

export interface MemberActions {
  add: (prev: ActionState, form: FormData) => Promise<ActionState>;
  setRole: (userId: string, role: string) => Promise<ActionState>;
  remove: (userId: string) => Promise<ActionState>;
}

export function MembersPanel({ members, currentUserId, actions }: { members: Member[]; currentUserId: string; actions: MemberActions }) {
  const [state, formAction, adding] = useActionState(actions.add, null);
  const [rowState, setRowState] = useState<ActionState>(null);
  const [pending, start] = useTransition();
  const fe = state && !state.ok ? state.fieldErrors : undefined;
  const columns: Column<Member>[] = [
    { header: 'Name', cell: (m) => <>{m.name}{m.id === currentUserId && <span className="ml-1 text-xs text-gray-400">(you)</span>}</> },
    { header: 'Email', cell: (m) => m.email },
    {
      header: 'Role',
      cell: (m) => (
        <select
          aria-label={`Role of ${m.email}`}
          className="input py-1"
          defaultValue={m.role}
          disabled={pending}
          onChange={(e) => start(async () => setRowState(await actions.setRole(m.id, e.target.value)))}
        >
          {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
        </select>
      ),
    },
    {
      header: 'Actions',
      align: 'right',
      cell: (m) => <RowDangerButton label="Remove" question={`Remove ${m.email} from this workspace?`} disabled={pending} onConfirm={() => start(async () => setRowState(await actions.remove(m.id)))} />,
    },
  ];

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading" className="text-lg font-semibold">Members</h2>
      <div className="mt-3">
        <DataTable rows={members} columns={columns} rowKey={(m) => m.id} testId="members-table" caption="Members" frame="bare" />
        <div className="mt-2"><ActionMessage state={rowState} /></div>
      </div>

      <form action={formAction} className="mt-6 grid grid-cols-1 gap-3 md:grid-cols-5 md:items-end" noValidate>
        <FormField id="member-name" label="Name" errors={fe?.name}>
          <input id="member-name" name="name" className="input" aria-invalid={Boolean(fe?.name)} />
        </FormField>
        <FormField id="member-email" label="Email" errors={fe?.email}>
          <input id="member-email" name="email" type="email" className="input" aria-invalid={Boolean(fe?.email)} />
        </FormField>
        <FormField id="member-password" label="Initial password" errors={fe?.password}>
          <input id="member-password" name="password" type="password" autoComplete="new-password" className="input" aria-invalid={Boolean(fe?.password)} />
        </FormField>
        <FormField id="member-role" label="Role" errors={fe?.role}>
          <select id="member-role" name="role" className="input" defaultValue="campaign_manager">
            {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
          </select>
        </FormField>
        <button type="submit" className="btn-primary" disabled={adding}>{adding ? 'Adding…' : 'Add member'}</button>
      </form>
      <div className="mt-2"><ActionMessage state={state} /></div>
    </section>
  );
}
