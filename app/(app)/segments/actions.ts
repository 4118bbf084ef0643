'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { runAction, type ActionState } from '@/lib/http/action';
import { parseId } from '@/lib/http/ids';
import { parseSegmentInput } from '@/lib/segments/input';
import { createSegment, deleteSegment, getSegment, updateSegment } from '@/lib/segments/service';

/** Creates (id null) or updates a segment from the builder; field errors come back keyed by node path. */
export async function saveSegmentAction(id: string | null, input: unknown): Promise<ActionState<{ id: string }>> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/segments/actions', 'saveSegmentAction'));
    const existing = id === null ? null : await getSegment(actor.workspaceId, parseId(id, 'Segment'));
    const parsed = await parseSegmentInput(actor.workspaceId, input);
    const saved = existing ? await updateSegment(actor.workspaceId, existing.id, parsed) : await createSegment(actor.workspaceId, parsed);
    revalidatePath('/segments');
    return { id: saved.id };
  }, 'Segment saved');
}

export async function deleteSegmentAction(id: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/segments/actions', 'deleteSegmentAction'));
    await deleteSegment(actor.workspaceId, parseId(id, 'Segment'));
    revalidatePath('/segments');
  }, 'Segment deleted');
}
