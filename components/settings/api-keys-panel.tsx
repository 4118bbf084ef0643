'use client';

import { useActionState, useState, useTransition } from 'react';
import { DateTime } from '@/components/ui/formatted';
import { DataTable, type Column } from '@/components/ui/data-table';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import { RowDangerButton } from '@/components/ui/row-danger-button';
import { roleLabels, roles, type Role } from '@/lib/auth/roles';
import type { ActionState } from '@/lib/http/action';

interface Key {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyActions {
  create: (prev: ActionState<{ secret: string }>, form: FormData) => Promise<ActionState<{ secret: string }>>;
  revoke: (id: string) => Promise<ActionState>;
}

export function ApiKeysPanel({ keys, actions }: { keys: Key[]; actions: ApiKeyActions }) {
  const [state, formAction, creating] = useActionState(actions.create, null);
  const [rowState, setRowState] = useState<ActionState>(null);
  const [pending, start] = useTransition();
  const fe = state && !state.ok ? state.fieldErrors : undefined;
  const secret = state?.ok ? state.data?.secret : undefined;
  const columns: Column<Key>[] = [
    { header: 'Name', cell: (k) => k.name },
    { header: 'Key', cell: (k) => <code className="font-mono text-xs">hk_{k.prefix}_…</code> },
    { header: 'Role', cell: (k) => roleLabels[k.role as Role] },
    { header: 'Created', cell: (k) => <DateTime value={k.createdAt} withZone={false} /> },
    { header: 'Last used', cell: (k) => <DateTime value={k.lastUsedAt} withZone={false} /> },
    {
      header: 'Status',
      align: 'right',
      cell: (k) =>
        k.revokedAt ? (
          <span className="text-xs text-gray-500">Revoked <DateTime value={k.revokedAt} withZone={false} /></span>
        ) : (
          <RowDangerButton label="Revoke" question={`Revoke "${k.name}"? Calls using it will fail at once.`} disabled={pending} onConfirm={() => start(async () => setRowState(await actions.revoke(k.id)))} />
        ),
    },
  ];

  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading" className="text-lg font-semibold">API keys</h2>
      <p className="text-sm text-gray-500">
        Keys authenticate calls to Herald’s API with <code>Authorization: Bearer &lt;key&gt;</code>; the{' '}
        <a href="/docs/api" className="underline">API reference</a> lists every operation.
      </p>
      {secret && (
        <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          <div className="font-medium">Copy this key now; it will not be shown again.</div>
          <code data-testid="new-api-key" className="mt-1 block break-all font-mono">{secret}</code>
        </div>
      )}
      <form action={formAction} className="mt-4 grid grid-cols-1 gap-3 md:grid-cols-4 md:items-end" noValidate>
        <FormField id="key-name" label="Key name" errors={fe?.name}>
          <input id="key-name" name="name" className="input" placeholder="e.g. Data warehouse sync" aria-invalid={Boolean(fe?.name)} />
        </FormField>
        <FormField id="key-role" label="Role" errors={fe?.role}>
          <select id="key-role" name="role" className="input" defaultValue="campaign_manager">
            {roles.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
          </select>
        </FormField>
        <button type="submit" className="btn-primary" disabled={creating}>{creating ? 'Creating…' : 'Create key'}</button>
      </form>
      {state && !state.ok && <div className="mt-2"><ActionMessage state={state} /></div>}
      <div className="mt-4">
        <DataTable rows={keys} columns={columns} rowKey={(k) => k.id} testId="api-keys-table" caption="API keys" frame="bare" empty="No API keys yet." />
      </div>
      <div className="mt-2"><ActionMessage state={rowState} /></div>
    </section>
  );
}
