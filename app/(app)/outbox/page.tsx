import { SinkMessagesTable } from '@/components/outbox/sink-messages-table';
import { Pagination } from '@/components/ui/pagination';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { pageSinkMessages } from '@/lib/delivery/sink';
import { firstValues } from '@/lib/http/page';

export const metadata = { title: 'Outbox' };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/outbox'));
  const { items, total, page, pageSize } = await pageSinkMessages(actor.workspaceId, firstValues(await searchParams).page);
  return (
    <>
      <PageHeader title="Outbox" description="Email kept by the local mail sink instead of being delivered." />
      {total === 0 ? (
        <EmptyState title="No messages yet">
          With no <code>SMTP_URL</code> configured, Herald keeps every email here instead of sending it, so you can read exactly what
          recipients would get. Set <code>SMTP_URL</code> (e.g. <code>smtp://user:pass@host:587</code>) to switch to real delivery.
        </EmptyState>
      ) : (
        <>
          <SinkMessagesTable messages={items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }))} />
          <Pagination page={page} pageSize={pageSize} total={total} hrefOf={(p) => `/outbox?page=${p}`} />
        </>
      )}
    </>
  );
}
