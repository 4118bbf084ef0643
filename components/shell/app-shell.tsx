import type { ReactNode } from 'react';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { WorkspaceSwitcher, type WorkspaceOption } from '@/components/shell/workspace-switcher';

interface Props {
  user: { name: string; email: string };
  roleLabel: string;
  workspaces: WorkspaceOption[];
  currentWorkspaceId: string;
  children: ReactNode;
}

export function AppShell({ user, roleLabel, workspaces, currentWorkspaceId, children }: Props) {
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-gray-200 bg-white px-3 py-4">
        <div className="mb-4 px-3 text-xl font-bold tracking-tight text-indigo-600">Herald</div>
        <div className="mb-4 px-1">
          <WorkspaceSwitcher workspaces={workspaces} currentId={currentWorkspaceId} />
        </div>
        <NavLinks />
        <div className="mt-auto border-t border-gray-100 px-3 pt-3">
          <div className="truncate text-sm font-medium text-gray-900" data-testid="current-user">{user.name}</div>
          <div className="truncate text-xs text-gray-500">{user.email}</div>
          <div className="mt-1 flex items-center justify-between">
            <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600" data-testid="current-role">{roleLabel}</span>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
