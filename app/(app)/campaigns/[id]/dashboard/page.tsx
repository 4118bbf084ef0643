import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { CampaignDashboard } from '@/components/analytics/campaign-dashboard';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { orNotFound } from '@/lib/http/page';
import { parseId } from '@/lib/http/ids';
import { campaignOf } from '@/lib/analytics/scope';

export const metadata = { title: 'Campaign dashboard' };

export default async function CampaignDashboardPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  // A malformed id and another workspace's campaign both render the not-found page.
  const campaign = await orNotFound(() => campaignOf(actor.workspaceId, parseId(id, 'Campaign')));
  return (
    <>
      <PageHeader title={`${campaign.name} · dashboard`} description="Live while the campaign is active." actions={<Link className="btn-secondary" href={`/campaigns/${campaign.id}`}>Campaign details</Link>} />
      <CampaignDashboard campaignId={campaign.id} />
    </>
  );
}
