import Link from 'next/link';
import { SegmentsTable } from '@/components/segments/segments-table';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { listSegments } from '@/lib/segments/service';

export const metadata = { title: 'Segments' };

export default async function SegmentsPage() {
  const actor = await requirePageRole(sectionRoles('/segments'));
  const segments = await listSegments(actor.workspaceId, { withCounts: true });
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
        <SegmentsTable segments={segments.map((s) => ({ id: s.id, name: s.name, description: s.description, count: s.count ?? null, updatedAt: s.updatedAt.toISOString() }))} />
      )}
    </>
  );
}
