'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { contactChannelsSchema } from '@/lib/contacts/schema';
import { updateContactChannels } from '@/lib/contacts/service';
import { runAction, type ActionState } from '@/lib/http/action';
import { parseId } from '@/lib/http/ids';
import { parseWith } from '@/lib/http/parse';

/** Saves a contact's phone number and consent per channel from the contact page. */
export async function saveContactChannelsAction(id: string, input: unknown): Promise<ActionState<{ phone: string | null }>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/contacts/actions', 'saveContactChannelsAction'));
    const data = parseWith(contactChannelsSchema, input, 'Please fix the highlighted fields');
    const contactId = parseId(id, 'Contact');
    await updateContactChannels(actor.workspaceId, contactId, data);
    revalidatePath(`/contacts/${contactId}`);
    return { phone: data.phone ?? null };
  }, 'Contact saved');
}
