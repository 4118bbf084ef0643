import Link from 'next/link';
import { SegmentsTable } from '@/components/segments/segments-table';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { listSegments, segmentTotal } from '@/lib/segments/service';
import { firstValues, numberedPage } from '@/lib/http/page';
import { Pagination } from '@/components/ui/pagination';

export const metadata = { title: 'Segments' };

export default async function SegmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/segments'));
  // Only this page's audiences are counted.
  const list = await numberedPage(firstValues(await searchParams).page, () => segmentTotal(actor.workspaceId), (page) => listSegments(actor.workspaceId, { withCounts: true }, page));
  const segments = list.items;
  const canEdit = CAN_EDIT.includes(actor.role);
  return (
    <>
      <PageHeader
        title="Segments"
        description="Audiences defined by AND/OR criteria, counted live."
        actions={canEdit && <Link href="/segments/new" className="btn-primary">New segment</Link>}
      />
      {segments.length === 0 ? (
        <EmptyState title="No segments yet">Create a segment to choose who a campaign reaches.</EmptyState>
      ) : (
        <>
          <SegmentsTable segments={segments.map((s) => ({ id: s.id, name: s.name, description: s.description, count: s.count ?? null, updatedAt: s.updatedAt.toISOString() }))} />
          <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefOf={(page) => `/segments?page=${page}`} />
        </>
      )}
    </>
  );
}
