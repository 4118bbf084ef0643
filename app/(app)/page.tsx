import { Suspense } from 'react';
import { HydrationBoundary } from '@tanstack/react-query';
import { PageHeader } from '@/components/ui/page-header';
import { TotalsCards } from '@/components/overview/totals-cards';
import { OverviewDashboard } from '@/components/analytics/overview-dashboard';
import { requirePageRole, type Actor } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { requestFormatSettings } from '@/lib/format-request';
import { formatter } from '@/lib/format';
import { sendsInWords } from '@/lib/channels/content';
import { workspaceTotals } from '@/lib/overview/workspace-totals';
import { overviewPeriodParams } from '@/lib/analytics/query-key';
import { firstValues } from '@/lib/http/page';
import { pageQuestion, prefetchAnswers } from '@/lib/analytics/prefetch';
import { overviewQuestion } from '@/lib/analytics/queries/overview';
import { campaignsQuestion } from '@/lib/analytics/queries/campaigns';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';

export const metadata = { title: 'Overview' };

/**
 * The period section, answered on the server for the range in the address and in the zone the page formats dates in,
 * which the browser keeps equal to its own: so the browser's queries find their answers already in place.
 */
async function OverviewPeriod({ actor, query, timeZone }: { actor: Actor; query: Record<string, string>; timeZone: string }) {
  const params = overviewPeriodParams((key) => query[key], timeZone);
  const state = await prefetchAnswers(actor, [
    pageQuestion(overviewQuestion, params.overview),
    pageQuestion(campaignsQuestion, params.campaigns),
    pageQuestion(trafficQuestion, params.traffic),
  ]);
  return (
    <HydrationBoundary state={state}>
      <OverviewDashboard />
    </HydrationBoundary>
  );
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/'));
  const [t, settings, query] = await Promise.all([workspaceTotals(actor.workspaceId), requestFormatSettings(), searchParams]);
  const f = formatter(settings);
  const active = t.campaignsByStatus.active ?? 0;
  return (
    <>
      <PageHeader title="Overview" description="How your audience and campaigns stand, and how messages performed over the chosen period." />
      <TotalsCards
        items={[
          { label: 'Contacts', value: t.contacts, hint: `${f.number(t.optedIn)} opted in` },
          { label: 'Active campaigns', value: active, hint: `${f.count(t.campaignsByStatus.draft ?? 0, 'draft', 'drafts')}, ${f.number(t.campaignsByStatus.completed ?? 0)} completed` },
          { label: 'Sent by Herald', value: t.messagesSent, hint: `${sendsInWords(t.sentByChannel, f.count) || 'None yet'}; all time, through its own delivery` },
          { label: 'Segments', value: t.segments, hint: `${f.number(t.templates)} templates` },
        ]}
      />
      {/* The headline cards show at once; the period's figures stream in as soon as the server has them. */}
      <Suspense fallback={<div className="mt-8 h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <OverviewPeriod actor={actor} query={firstValues(query)} timeZone={settings.timeZone} />
      </Suspense>
    </>
  );
}
