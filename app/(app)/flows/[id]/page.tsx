import { callPolicySchema } from '@/lib/channels/content';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import type { EditorAbTest } from '@/components/flows/ab-test-editor';
import { EVENT_TYPES } from '@/lib/analytics/events';
import { FlowEditor } from '@/components/flows/flow-editor';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { orNotFound } from '@/lib/http/page';
import { parseId } from '@/lib/http/ids';
import { getFlow } from '@/lib/flows/service';
import { templateOptions } from '@/lib/templates/lookup';
import { addFlowStepAction, copyFlowAction, deleteFlowAction, moveFlowStepAction, removeFlowStepAction, saveFlowDetailsAction, updateFlowStepAction } from '../actions';

export const metadata = { title: 'Flow' };

export default async function FlowPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  // A malformed id and another workspace's flow both render the not-found page.
  const flow = await orNotFound(() => getFlow(actor.workspaceId, parseId(id, 'Flow')));
  const templates = await templateOptions(actor.workspaceId);
  return (
    <>
      <PageHeader title={flow.name} description={flow.description ?? 'Steps run top to bottom; waits are measured on the clock of the zone the campaign sends in.'} actions={<Link href="/flows" className="btn-secondary">All flows</Link>} />
      <FlowEditor
        flow={{ id: flow.id, name: flow.name, description: flow.description, steps: flow.steps.map((s) => ({ id: s.id, type: s.type, templateId: s.templateId, waitDays: s.waitDays, waitHours: s.waitHours, abTest: s.abTest as EditorAbTest | null, callPolicy: s.type === 'PLACE_CALL' ? callPolicySchema.parse(s.callPolicy ?? {}) : null })) }}
        templates={templates}
        conversionEvents={EVENT_TYPES}
        lockedBy={flow.lockedBy}
        canEdit={CAN_EDIT.includes(actor.role)}
        actions={{
          saveDetails: saveFlowDetailsAction,
          addStep: addFlowStepAction,
          updateStep: updateFlowStepAction,
          moveStep: moveFlowStepAction,
          removeStep: removeFlowStepAction,
          copyFlow: copyFlowAction,
          deleteFlow: deleteFlowAction,
        }}
      />
    </>
  );
}
