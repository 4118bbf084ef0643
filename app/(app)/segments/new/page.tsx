import { SegmentBuilder } from '@/components/segments/segment-builder';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT } from '@/lib/auth/roles';
import { segmentBuilderOptions } from '@/lib/segments/builder-options';
import { deleteSegmentAction, saveSegmentAction } from '../actions';

export const metadata = { title: 'New segment' };

export default async function NewSegmentPage() {
  const actor = await requirePageRole(CAN_EDIT);
  const options = await segmentBuilderOptions(actor.workspaceId);
  return (
    <>
      <PageHeader title="New segment" description="Combine conditions with AND and OR; the count updates as you edit." />
      <SegmentBuilder segment={null} {...options} canEdit saveAction={saveSegmentAction} deleteAction={deleteSegmentAction} />
    </>
  );
}
