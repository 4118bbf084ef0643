import { PageHeader, EmptyState } from '@/components/ui/page-header';
import { NewFlowForm } from '@/components/flows/new-flow-form';
import { FlowTable } from '@/components/flows/flow-table';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { flowTotal, listFlows } from '@/lib/flows/service';
import { firstValues, numberedPage } from '@/lib/http/page';
import { Pagination } from '@/components/ui/pagination';
import { createFlowAction } from './actions';

export const metadata = { title: 'Flows' };

export default async function FlowsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/flows'));
  const list = await numberedPage(firstValues(await searchParams).page, () => flowTotal(actor.workspaceId), (page) => listFlows(actor.workspaceId, page));
  const flows = list.items;
  return (
    <>
      <PageHeader title="Flows" description="Ordered steps: send an email or a text, place a call, wait, and send again." />
      {CAN_EDIT.includes(actor.role) && <NewFlowForm action={createFlowAction} />}
      {flows.length === 0 ? (
        <EmptyState title="No flows yet">A flow sends emails, texts and calls in order, with waits between them; a campaign can send one instead of a single template.</EmptyState>
      ) : (
        <>
          <FlowTable rows={flows.map((f) => ({ ...f, updatedAt: f.updatedAt.toISOString() }))} />
          <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefOf={(page) => `/flows?page=${page}`} />
        </>
      )}
    </>
  );
}
