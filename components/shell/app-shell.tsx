import type { ReactNode } from 'react';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { WorkspaceSwitcher, type WorkspaceOption } from '@/components/shell/workspace-switcher';

interface Props {
  user: { name: string; email: string };
  roleLabel: string;
  workspaces: WorkspaceOption[];
  currentWorkspaceId: string;
  nav: { href: string; label: string }[];
  /** Calls and texts go to the local Twilio simulator: said on every screen, so no one mistakes its answers for people's. */
  phoneSimulated?: boolean;
  children: ReactNode;
}

export function AppShell({ user, roleLabel, workspaces, currentWorkspaceId, nav, phoneSimulated, children }: Props) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="flex w-full shrink-0 flex-col border-b border-gray-200 bg-white px-3 py-4 md:sticky md:top-0 md:h-screen md:w-56 md:border-b-0 md:border-r">
        <div className="mb-4 px-3 text-xl font-bold tracking-tight text-indigo-600">Herald</div>
        <div className="mb-4 px-1">
          <WorkspaceSwitcher workspaces={workspaces} currentId={currentWorkspaceId} />
        </div>
        <NavLinks items={nav} />
        {phoneSimulated && (
          <p className="mx-1 mt-3 rounded border border-amber-200 bg-amber-50 px-2 py-1.5 text-xs text-amber-800" data-testid="phone-simulated" role="note">
            <strong>Simulated calls and texts.</strong> A local stand-in for Twilio answers them at random; set TWILIO_ACCOUNT_SID to use a real account.
          </p>
        )}
        <div className="mt-3 border-t border-gray-100 px-3 pt-3 md:mt-auto">
          <div className="truncate text-sm font-medium text-gray-900" data-testid="current-user">{user.name}</div>
          <div className="truncate text-xs text-gray-500">{user.email}</div>
          <div className="mt-1 flex items-center justify-between">
            <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600" data-testid="current-role">{roleLabel}</span>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8">{children}</main>
    </div>
  );
}
