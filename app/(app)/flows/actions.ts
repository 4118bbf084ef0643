'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireRole } from '@/lib/auth/context';
import { actionRoles } from '@/lib/auth/policy';
import { runAction, type ActionState } from '@/lib/http/action';
import { parseId } from '@/lib/http/ids';
import { parseWith } from '@/lib/http/parse';
import { flowPatchSchema, flowStepInputSchema, moveStepSchema, newFlowSchema } from '@/lib/flows/schema';
import { addFlowStep, copyFlow, createFlow, deleteFlow, moveFlowStep, removeFlowStep, updateFlow, updateFlowStep } from '@/lib/flows/service';

const FIX = 'Please fix the highlighted fields';

/** Runs a flow edit for an editor and refreshes the pages that show flows. */
type FlowEdit = 'saveFlowDetailsAction' | 'addFlowStepAction' | 'updateFlowStepAction' | 'moveFlowStepAction' | 'removeFlowStepAction';

function editFlowAction(action: FlowEdit, flowId: string, edit: (workspaceId: string, id: string) => Promise<unknown>, message: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/flows/actions', action));
    const id = parseId(flowId, 'Flow');
    await edit(actor.workspaceId, id);
    revalidatePath('/flows');
    revalidatePath(`/flows/${id}`);
  }, message);
}

export async function createFlowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/flows/actions', 'createFlowAction'));
    const flow = await createFlow(actor.workspaceId, parseWith(newFlowSchema, Object.fromEntries(form), FIX));
    revalidatePath('/flows');
    redirect(`/flows/${flow.id}`);
  });
}

export async function saveFlowDetailsAction(flowId: string, values: unknown): Promise<ActionState> {
  return editFlowAction('saveFlowDetailsAction', flowId, (ws, id) => updateFlow(ws, id, parseWith(flowPatchSchema, values, FIX)), 'Saved');
}

export async function addFlowStepAction(flowId: string, step: unknown, at?: number): Promise<ActionState> {
  return editFlowAction('addFlowStepAction', flowId, (ws, id) => addFlowStep(ws, id, parseWith(flowStepInputSchema, step, FIX), at === undefined ? undefined : z.number().int().min(0).parse(at)), 'Step added');
}

export async function updateFlowStepAction(flowId: string, stepId: string, step: unknown): Promise<ActionState> {
  return editFlowAction('updateFlowStepAction', flowId, (ws, id) => updateFlowStep(ws, id, parseId(stepId, 'Flow step'), parseWith(flowStepInputSchema, step, FIX)), 'Step saved');
}

export async function moveFlowStepAction(flowId: string, stepId: string, toIndex: number): Promise<ActionState> {
  return editFlowAction('moveFlowStepAction', flowId, (ws, id) => {
    const move = parseWith(moveStepSchema, { stepId, toIndex });
    return moveFlowStep(ws, id, move.stepId, move.toIndex);
  }, 'Step moved');
}

export async function removeFlowStepAction(flowId: string, stepId: string): Promise<ActionState> {
  return editFlowAction('removeFlowStepAction', flowId, (ws, id) => removeFlowStep(ws, id, parseId(stepId, 'Flow step')), 'Step removed');
}

export async function copyFlowAction(flowId: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/flows/actions', 'copyFlowAction'));
    const copy = await copyFlow(actor.workspaceId, parseId(flowId, 'Flow'));
    revalidatePath('/flows');
    redirect(`/flows/${copy.id}`);
  });
}

export async function deleteFlowAction(flowId: string): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(actionRoles('/(app)/flows/actions', 'deleteFlowAction'));
    await deleteFlow(actor.workspaceId, parseId(flowId, 'Flow'));
    revalidatePath('/flows');
    redirect('/flows');
  });
}
