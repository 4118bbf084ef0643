import Link from 'next/link';
import { Suspense } from 'react';
import { HydrationBoundary } from '@tanstack/react-query';
import { PageHeader } from '@/components/ui/page-header';
import { TrafficReport } from '@/components/analytics/traffic-report';
import { requirePageRole, type Actor } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { firstValues } from '@/lib/http/page';
import { requestFormatSettings } from '@/lib/format-request';
import { pageQuestion, prefetchAnswers } from '@/lib/analytics/prefetch';
import { trafficReportParams } from '@/lib/analytics/query-key';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';

export const metadata = { title: 'Traffic report' };

/** The report answered on the server for the address's params (in the viewer's zone unless it names one). */
async function Report({ actor, query }: { actor: Actor; query: Record<string, string> }) {
  const { timeZone } = await requestFormatSettings();
  const state = await prefetchAnswers(actor, [pageQuestion(trafficQuestion, trafficReportParams((key) => query[key], timeZone))]);
  return (
    <HydrationBoundary state={state}>
      <TrafficReport />
    </HydrationBoundary>
  );
}

export default async function TrafficReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(CAN_READ);
  const query = firstValues(await searchParams);
  return (
    <>
      <PageHeader title="Traffic report" description="When messages go out: hours of the day, days of the week, over time." actions={<Link className="btn-secondary" href="/">Back to overview</Link>} />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <Report actor={actor} query={query} />
      </Suspense>
    </>
  );
}
