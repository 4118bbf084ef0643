'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { roleSchema } from '@/lib/auth/roles';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { addMember, newMemberSchema, removeMember, setMemberRole } from '@/lib/workspaces/members';
import { parseWith } from '@/lib/http/parse';
import { runAction, type ActionState } from '@/lib/http/action';
import { engagementFromForm, updateWorkspaceEngagement } from '@/lib/engagement/settings';
import { workspaceEngagementSchema } from '@/lib/engagement/schema';

export async function addMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'addMemberAction'));
    const input = parseWith(newMemberSchema, Object.fromEntries(form), 'Please fix the highlighted fields');
    await addMember(actor.workspaceId, input);
    revalidatePath('/settings');
  }, 'Member added');
}

export async function setRoleAction(userId: string, role: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'setRoleAction'));
    await setMemberRole(actor.workspaceId, z.uuid().parse(userId), roleSchema.parse(role));
    revalidatePath('/settings');
  }, 'Role updated');
}

export async function removeMemberAction(userId: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'removeMemberAction'));
    await removeMember(actor.workspaceId, z.uuid().parse(userId));
    revalidatePath('/settings');
  }, 'Member removed');
}

const newKeySchema = z.object({ name: z.string().trim().min(1, 'Name the key').max(80), role: roleSchema });

export async function createApiKeyAction(_prev: ActionState<{ secret: string }>, form: FormData): Promise<ActionState<{ secret: string }>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'createApiKeyAction'));
    const input = parseWith(newKeySchema, Object.fromEntries(form), 'Please fix the highlighted fields');
    const key = await createApiKey({ workspaceId: actor.workspaceId, name: input.name, role: input.role, createdById: actor.userId });
    revalidatePath('/settings');
    return { secret: key.secret };
  }, 'Key created: copy it now, it will not be shown again');
}

export async function revokeApiKeyAction(id: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'revokeApiKeyAction'));
    await revokeApiKey(actor.workspaceId, z.uuid().parse(id));
    revalidatePath('/settings');
  }, 'Key revoked');
}

export async function saveEngagementAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/settings/actions', 'saveEngagementAction'));
    await updateWorkspaceEngagement(actor.workspaceId, parseWith(workspaceEngagementSchema, engagementFromForm(form), 'Please fix the highlighted fields'));
    revalidatePath('/settings');
  }, 'Engagement settings saved');
}
