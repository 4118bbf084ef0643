import Link from 'next/link';
import { Suspense } from 'react';
import { HydrationBoundary } from '@tanstack/react-query';
import { PageHeader } from '@/components/ui/page-header';
import { TemplatesReport } from '@/components/analytics/templates-report';
import { requirePageRole, type Actor } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { firstValues } from '@/lib/http/page';
import { pageQuestion, prefetchAnswers } from '@/lib/analytics/prefetch';
import { templatesReportParams } from '@/lib/analytics/query-key';
import { templatesQuestion } from '@/lib/analytics/queries/templates';

export const metadata = { title: 'Templates report' };

/** The report answered on the server for the address's params, so its tables come with the HTML. */
async function Report({ actor, query }: { actor: Actor; query: Record<string, string> }) {
  const state = await prefetchAnswers(actor, [pageQuestion(templatesQuestion, templatesReportParams((key) => query[key]))]);
  return (
    <HydrationBoundary state={state}>
      <TemplatesReport />
    </HydrationBoundary>
  );
}

export default async function TemplatesReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(CAN_READ);
  const query = firstValues(await searchParams);
  return (
    <>
      <PageHeader title="Templates report" description="Which templates get opened and clicked, best and worst." actions={<Link className="btn-secondary" href="/">Back to overview</Link>} />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <Report actor={actor} query={query} />
      </Suspense>
    </>
  );
}
