import Link from 'next/link';
import { PageHeader, EmptyState } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { StatusTabs } from '@/components/campaigns/status-tabs';
import { CampaignTable } from '@/components/campaigns/campaign-table';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { listCampaigns } from '@/lib/campaigns/queries';
import { campaignListQuerySchema } from '@/lib/campaigns/schema';
import { firstValues } from '@/lib/http/page';
import { templateContent } from '@/lib/channels/content';

export const metadata = { title: 'Campaigns' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CampaignsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageRole(sectionRoles('/campaigns'));
  const raw = firstValues(await searchParams);
  // A hand-edited address falls back to the first page of everything rather than an error page.
  const parsed = campaignListQuerySchema.safeParse({ status: raw.status, page: raw.page, pageSize: 20 });
  const query = parsed.success ? parsed.data : campaignListQuerySchema.parse({});
  const list = await listCampaigns(actor.workspaceId, query);
  const status = query.status ?? '';
  const hrefOf = (page: number) => `/campaigns?${new URLSearchParams({ ...(status ? { status } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Every campaign of this workspace, newest first."
        actions={CAN_EDIT.includes(actor.role) ? <Link href="/campaigns/new" className="btn-primary">New campaign</Link> : undefined}
      />
      <StatusTabs current={status} />
      {list.items.length === 0 ? (
        <EmptyState title={status ? `No ${status} campaigns` : 'No campaigns yet'}>Create a segment and a template, then build your first campaign.</EmptyState>
      ) : (
        <>
          <CampaignTable
            rows={list.items.map((c) => ({
              id: c.id,
              name: c.name,
              status: c.status,
              segmentName: c.segment.name,
              content: c.flow ? `Flow: ${c.flow.name}` : c.template ? templateContent(c.template) : 'Not chosen yet',
              startDate: c.startDate,
              startTimeOfDay: c.startTimeOfDay,
              timeZone: c.timeZone,
              targetedCount: c.targetedCount,
              scheduledCount: c.scheduledCount,
              createdAt: c.createdAt.toISOString(),
            }))}
          />
          <Pagination page={query.page} pageSize={query.pageSize} total={list.total} hrefOf={hrefOf} />
        </>
      )}
    </>
  );
}
