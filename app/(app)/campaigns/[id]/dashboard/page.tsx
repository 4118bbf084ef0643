import { Suspense } from 'react';
import Link from 'next/link';
import { HydrationBoundary } from '@tanstack/react-query';
import { PageHeader } from '@/components/ui/page-header';
import { CampaignDashboard } from '@/components/analytics/campaign-dashboard';
import { StatusBadge } from '@/components/campaigns/status-badge';
import { StatusActions } from '@/components/campaigns/status-actions';
import { requirePageRole, type Actor } from '@/lib/auth/context';
import { ADMIN_ONLY, CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { orNotFound } from '@/lib/http/page';
import { parseId } from '@/lib/http/ids';
import { campaignOf } from '@/lib/analytics/scope';
import { campaignChannels, type CampaignChannels } from '@/lib/analytics/campaign-channels';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { campaignStats, statsQuerySchema } from '@/lib/analytics/campaign-stats';
import { pageQuestion, prefetchAnswers } from '@/lib/analytics/prefetch';
import { campaignRange, campaignStatsKey, campaignSummaryKey } from '@/lib/analytics/query-key';
import { funnelQuestion } from '@/lib/analytics/queries/funnel';
import { intentsQuestion } from '@/lib/analytics/queries/intents';
import { transitionOptions } from '@/lib/campaigns/transitions';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';
import { EngagementReport } from '@/components/campaigns/engagement-report';
import { campaignEngagementReport } from '@/lib/engagement/report';
import { changeCampaignStatusAction, chooseWinnerAction, deleteCampaignAction } from '../../actions';

export const metadata = { title: 'Campaign dashboard' };

/** What the figures below mean right now, so a finished campaign never reads as live. */
const LIVENESS: Record<CampaignStatus, string> = {
  draft: 'Figures appear once the campaign is activated and starts sending.',
  active: 'Live: the figures refresh themselves every few seconds while the campaign is active.',
  paused: 'Paused: the figures refresh again when the campaign resumes.',
  completed: 'Final figures: the campaign has completed.',
};

type Campaign = Awaited<ReturnType<typeof campaignOf>>;

/** The dashboard with its first figures answered on the server, so they arrive with the HTML; refreshes are the browser's. */
async function DashboardFigures({ actor, campaign, channels }: { actor: Actor; campaign: Campaign; channels: CampaignChannels }) {
  const { hasCalls } = channels;
  const { id, status } = campaign;
  const life = { campaignId: id, ...campaignRange(campaign) };
  const state = await prefetchAnswers(actor, [
    { key: campaignSummaryKey(id, status), route: '/api/campaigns/[id]/summary', answer: async (ws) => ({ data: await campaignSummary(ws, id) }) },
    { key: campaignStatsKey(id), route: '/api/campaigns/[id]/stats', answer: async (ws) => ({ data: await campaignStats(ws, id, statsQuerySchema.parse({})) }) },
    pageQuestion(funnelQuestion, life),
    ...(hasCalls ? [pageQuestion(intentsQuestion, life)] : []),
  ]);
  return (
    <HydrationBoundary state={state}>
      <CampaignDashboard campaignId={id} status={status} canInvalidate={ADMIN_ONLY.includes(actor.role)} hasCalls={hasCalls} placesCalls={channels.placesCalls} hasMessages={channels.hasMessages} />
    </HydrationBoundary>
  );
}

export default async function CampaignDashboardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  // A malformed id and another workspace's campaign both render the not-found page.
  const campaign = await orNotFound(() => campaignOf(actor.workspaceId, parseId(id, 'Campaign')));
  const { liftEvent } = await searchParams;
  const [channels, engagement] = await Promise.all([
    campaignChannels(actor.workspaceId, campaign.id),
    campaignEngagementReport(actor.workspaceId, campaign.id, typeof liftEvent === 'string' ? liftEvent : undefined),
  ]);
  return (
    <>
      <PageHeader
        title={`${campaign.name} · dashboard`}
        description={LIVENESS[campaign.status]}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <span className="pt-2"><StatusBadge status={campaign.status} /></span>
            <Link className="btn-secondary" href={`/campaigns/${campaign.id}`}>Campaign details</Link>
            {CAN_EDIT.includes(actor.role) && <StatusActions campaignId={campaign.id} status={campaign.status} options={transitionOptions(campaign.status)} changeStatus={changeCampaignStatusAction} deleteDraft={deleteCampaignAction} />}
          </div>
        }
      />
      <Suspense fallback={<div className="h-64 animate-pulse rounded-lg bg-gray-100" />}>
        <DashboardFigures actor={actor} campaign={campaign} channels={channels} />
      </Suspense>
      {engagement && (
        <div className="mt-6">
          <EngagementReport campaignId={campaign.id} canEdit={CAN_EDIT.includes(actor.role) && campaign.status !== 'completed'} {...engagement} chooseWinner={chooseWinnerAction} />
        </div>
      )}
    </>
  );
}
