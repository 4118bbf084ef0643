import Link from 'next/link';
import { Suspense } from 'react';
import { SegmentsTable } from '@/components/segments/segments-table';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { listSegments, segmentTotal, type Segment } from '@/lib/segments/service';
import { countSegments } from '@/lib/segments/evaluate';
import { firstValues, numberedPage } from '@/lib/http/page';
import { Pagination } from '@/components/ui/pagination';

export const metadata = { title: 'Segments' };

const rowOf = (s: Segment, count?: number | null) => ({ id: s.id, name: s.name, description: s.description, count, updatedAt: s.updatedAt.toISOString() });

/** The page's segments with their live audiences: one scan of the contacts, streamed in after the list. */
async function CountedSegments({ workspaceId, segments }: { workspaceId: string; segments: Segment[] }) {
  const counts = await countSegments(workspaceId, segments.map((s) => s.criteria));
  return <SegmentsTable segments={segments.map((s, i) => rowOf(s, counts[i]))} />;
}

export default async function SegmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/segments'));
  const list = await numberedPage(firstValues(await searchParams).page, () => segmentTotal(actor.workspaceId), (page) => listSegments(actor.workspaceId, {}, page));
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
          {/* The list shows at once; only this page's audiences are counted, and their figures stream in. */}
          <Suspense fallback={<SegmentsTable segments={segments.map((s) => rowOf(s))} />}>
            <CountedSegments workspaceId={actor.workspaceId} segments={segments} />
          </Suspense>
          <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefOf={(page) => `/segments?page=${page}`} />
        </>
      )}
    </>
  );
}
