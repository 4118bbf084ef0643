import Link from 'next/link';
import { Suspense } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { TrafficReport } from '@/components/analytics/traffic-report';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';

export const metadata = { title: 'Traffic report' };

export default async function TrafficReportPage() {
  await requirePageRole(CAN_READ);
  return (
    <>
      <PageHeader title="Traffic report" description="When messages go out: hours of the day, days of the week, over time." actions={<Link className="btn-secondary" href="/">Back to overview</Link>} />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <TrafficReport />
      </Suspense>
    </>
  );
}
