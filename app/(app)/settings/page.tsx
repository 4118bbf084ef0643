import { PageHeader } from '@/components/ui/page-header';
import { MembersPanel } from '@/components/settings/members-panel';
import { ApiKeysPanel } from '@/components/settings/api-keys-panel';
import { EngagementPanel } from '@/components/settings/engagement-panel';
import { workspaceEngagement } from '@/lib/engagement/settings';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { listMembers } from '@/lib/workspaces/members';
import { listApiKeys } from '@/lib/auth/api-keys';
import { addMemberAction, createApiKeyAction, removeMemberAction, revokeApiKeyAction, saveEngagementAction, setRoleAction } from './actions';

export const metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requirePageRole(sectionRoles('/settings'));
  const [members, keys, engagement] = await Promise.all([listMembers(actor.workspaceId), listApiKeys(actor.workspaceId), workspaceEngagement(actor.workspaceId)]);
  return (
    <>
      <PageHeader title="Settings" description="Who can use this workspace, the keys that reach its API, and how campaigns protect your audience." />
      <div className="space-y-8">
        <MembersPanel
          currentUserId={actor.userId!}
          actions={{ add: addMemberAction, setRole: setRoleAction, remove: removeMemberAction }}
          members={members.map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt.toISOString() }))}
        />
        <EngagementPanel settings={engagement} save={saveEngagementAction} />
        <ApiKeysPanel
          actions={{ create: createApiKeyAction, revoke: revokeApiKeyAction }}
          keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }))}
        />
      </div>
    </>
  );
}
