'use client';

import { useSession } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

export interface WorkspaceOption {
  id: string;
  name: string;
  role: string;
}

export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: WorkspaceOption[]; currentId: string }) {
  const { update } = useSession();
  const router = useRouter();
  const [pending, start] = useTransition();
  if (workspaces.length < 2) {
    return <div className="truncate text-sm font-semibold text-gray-900">{workspaces[0]?.name}</div>;
  }
  return (
    <label className="block">
      <span className="sr-only">Workspace</span>
      <select
        className="input"
        value={currentId}
        disabled={pending}
        onChange={(e) => {
          const workspaceId = e.target.value;
          start(async () => {
            await update({ workspaceId });
            router.refresh();
          });
        }}
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>{w.name}</option>
        ))}
      </select>
    </label>
  );
}
