import { PageHeader, EmptyState } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { db } from '@/lib/db';

export const metadata = { title: 'Templates' };

export default async function TemplatesPage() {
  const actor = await requirePageRole(CAN_READ);
  const rows = await db.template.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { updatedAt: 'desc' },
    take: 100,
    select: { id: true, name: true, updatedAt: true },
  });
  return (
    <>
      <PageHeader title="Templates" description="Email content with personalisation." />
      {rows.length === 0 ? (
        <EmptyState title="Nothing here yet" />
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table">
            <thead><tr><th>Name</th><th>Updated</th></tr></thead>
            <tbody className="divide-y divide-gray-100">
              {rows.map((r) => (
                <tr key={r.id}><td className="font-medium">{r.name}</td><td>{r.updatedAt.toISOString().slice(0, 10)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
