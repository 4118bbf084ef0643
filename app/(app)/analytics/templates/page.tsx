import Link from 'next/link';
import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { TemplatesReport } from '@/components/analytics/templates-report';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';

export const metadata = { title: 'Templates report' };

export default async function TemplatesReportPage() {
  await requirePageRole(CAN_READ);
  return (
    <>
      <PageHeader title="Templates report" description="Which templates get opened and clicked, best and worst." actions={<Link className="btn-secondary" href="/">Back to overview</Link>} />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <TemplatesReport />
      </Suspense>
    </>
  );
}
