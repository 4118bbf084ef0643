'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { runAction, type ActionState } from '@/lib/http/action';
import { parseId } from '@/lib/http/ids';
import { parseWith } from '@/lib/http/parse';
import type { TemplateWarning } from '@/lib/templates/issues';
import { sendTestEmail } from '@/lib/templates/preview';
import { templateInputSchema, testSendInputSchema } from '@/lib/templates/schema';
import { createTemplate, deleteTemplate, updateTemplate } from '@/lib/templates/service';

/** Creates (id null) or updates a template from the editor; syntax errors come back beside their fields. */
export async function saveTemplateAction(id: string | null, input: unknown): Promise<ActionState<{ id: string; warnings: TemplateWarning[] }>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/templates/actions', 'saveTemplateAction'));
    const data = parseWith(templateInputSchema, input, 'Please fix the highlighted fields');
    const saved = id === null ? await createTemplate(actor.workspaceId, data) : await updateTemplate(actor.workspaceId, parseId(id, 'Template'), data);
    revalidatePath('/templates');
    return { id: saved.id, warnings: saved.warnings };
  }, 'Template saved');
}

export async function deleteTemplateAction(id: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/templates/actions', 'deleteTemplateAction'));
    await deleteTemplate(actor.workspaceId, parseId(id, 'Template'));
    revalidatePath('/templates');
  }, 'Template deleted');
}

/** Sends the saved template once to one address, through the configured transport. */
export async function sendTestAction(id: string, input: unknown): Promise<ActionState<{ transport: 'smtp' | 'sink' }>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/templates/actions', 'sendTestAction'));
    const data = parseWith(testSendInputSchema, input, 'Please fix the highlighted fields');
    const result = await sendTestEmail(actor.workspaceId, parseId(id, 'Template'), data);
    revalidatePath('/outbox');
    return { transport: result.transport };
  });
}
