import { PageHeader } from '@/components/ui/page-header';
import { TotalsCards } from '@/components/overview/totals-cards';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { workspaceTotals } from '@/lib/overview/workspace-totals';

export const metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const actor = await requirePageRole(CAN_READ);
  const t = await workspaceTotals(actor.workspaceId);
  const active = t.campaignsByStatus.active ?? 0;
  return (
    <>
      <PageHeader title="Overview" description="How your audience and campaigns stand today." />
      <TotalsCards
        items={[
          { label: 'Contacts', value: t.contacts, hint: `${t.optedIn.toLocaleString('en-US')} opted in` },
          { label: 'Active campaigns', value: active, hint: `${t.campaignsByStatus.draft ?? 0} drafts, ${t.campaignsByStatus.completed ?? 0} completed` },
          { label: 'Messages sent', value: t.messagesSent },
          { label: 'Segments', value: t.segments, hint: `${t.templates} templates` },
        ]}
      />
    </>
  );
}
