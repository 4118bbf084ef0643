import Link from 'next/link';
import { PageHeader, EmptyState } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { db } from '@/lib/db';

export const metadata = { title: 'Campaigns' };

export default async function CampaignsPage() {
  const actor = await requirePageRole(CAN_READ);
  const campaigns = await db.campaign.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, name: true, status: true, targetedCount: true, createdAt: true },
  });
  return (
    <>
      <PageHeader title="Campaigns" description="Every campaign of this workspace, newest first." />
      {campaigns.length === 0 ? (
        <EmptyState title="No campaigns yet">Create a segment and a template, then build your first campaign.</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table">
            <thead><tr><th>Name</th><th>Status</th><th className="text-right">Targeted</th><th>Created</th></tr></thead>
            <tbody className="divide-y divide-gray-100">
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td><Link className="font-medium text-indigo-700 hover:underline" href={`/campaigns/${c.id}`}>{c.name}</Link></td>
                  <td><span className="rounded bg-gray-100 px-2 py-0.5 text-xs">{c.status}</span></td>
                  <td className="text-right">{c.targetedCount.toLocaleString('en-US')}</td>
                  <td>{c.createdAt.toISOString().slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
