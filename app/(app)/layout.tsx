import type { ReactNode } from 'react';
import { getServerSession } from 'next-auth';
import { FormatProvider } from '@/components/format-provider';
import { MemberSession } from '@/components/auth/member-session';
import { AppShell } from '@/components/shell/app-shell';
import { requirePageRole } from '@/lib/auth/context';
import { authOptions } from '@/lib/auth/options';
import { CAN_READ, roleLabels } from '@/lib/auth/roles';
import { requestFormatSettings } from '@/lib/format-request';
import { sectionsFor } from '@/lib/navigation';
import { workspacesOf } from '@/lib/workspaces/members';
import { twilioConfig } from '@/lib/channels/twilio';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageRole(CAN_READ);
  const session = await getServerSession(authOptions());
  const [memberships, format] = await Promise.all([workspacesOf(actor.userId!), requestFormatSettings()]);
  return (
    <MemberSession session={session}>
      <FormatProvider settings={format}>
        <AppShell
          user={{ name: session?.user.name ?? '', email: session?.user.email ?? '' }}
          roleLabel={roleLabels[actor.role]}
          workspaces={memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role }))}
          currentWorkspaceId={actor.workspaceId}
          nav={sectionsFor(actor.role)}
          phoneSimulated={twilioConfig()?.simulated ?? false}
        >
          {children}
        </AppShell>
      </FormatProvider>
    </MemberSession>
  );
}
