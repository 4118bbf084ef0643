import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { TotalsCards } from '@/components/overview/totals-cards';
import { OverviewDashboard } from '@/components/analytics/overview-dashboard';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { requestFormatter } from '@/lib/format-request';
import { workspaceTotals } from '@/lib/overview/workspace-totals';

export const metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const actor = await requirePageRole(sectionRoles('/'));
  const [t, f] = await Promise.all([workspaceTotals(actor.workspaceId), requestFormatter()]);
  const active = t.campaignsByStatus.active ?? 0;
  return (
    <>
      <PageHeader title="Overview" description="How your audience and campaigns stand, and how messages performed over the chosen period." />
      <TotalsCards
        items={[
          { label: 'Contacts', value: t.contacts, hint: `${f.number(t.optedIn)} opted in` },
          { label: 'Active campaigns', value: active, hint: `${f.number(t.campaignsByStatus.draft ?? 0)} drafts, ${f.number(t.campaignsByStatus.completed ?? 0)} completed` },
          { label: 'Emails sent by Herald', value: t.messagesSent, hint: 'All time, through its own delivery' },
          { label: 'Segments', value: t.segments, hint: `${f.number(t.templates)} templates` },
        ]}
      />
      {/* The range lives in the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense fallback={<div className="mt-8 h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <OverviewDashboard />
      </Suspense>
    </>
  );
}
