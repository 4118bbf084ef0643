import { SegmentBuilder } from '@/components/segments/segment-builder';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { parseId } from '@/lib/http/ids';
import { orNotFound } from '@/lib/http/page';
import { segmentBuilderOptions } from '@/lib/segments/builder-options';
import { getSegment } from '@/lib/segments/service';
import { deleteSegmentAction, saveSegmentAction } from '../actions';

export const metadata = { title: 'Segment' };

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  const [segment, options] = await Promise.all([orNotFound(() => getSegment(actor.workspaceId, parseId(id, 'Segment'))), segmentBuilderOptions(actor.workspaceId)]);
  const canEdit = CAN_EDIT.includes(actor.role);
  return (
    <>
      <PageHeader title={segment.name} description={canEdit ? 'Edit the criteria; the count updates as you go.' : 'You can explore this segment; only managers can change it.'} />
      <SegmentBuilder
        segment={{ id: segment.id, name: segment.name, description: segment.description, criteria: segment.criteria }}
        {...options}
        canEdit={canEdit}
        saveAction={saveSegmentAction}
        deleteAction={deleteSegmentAction}
      />
    </>
  );
}
