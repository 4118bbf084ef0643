'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getJson, useAnalytics } from './fetch';
import { useFormat } from '@/components/format-provider';
import { ErrorPanel } from './chart-card';
import { ContactDrilldown, type Drill } from './contact-drilldown';
import { StatsInvalidateButton } from './stats-invalidate-button';
import { CampaignKpis, ContactStatesPanel, FailuresPanel, FunnelPanel, IntentsPanel, MessagesPanel, OutcomesPanel, QrPanel, SeriesPanel } from './campaign-panels';
import type { CampaignStats, CampaignSummary, FunnelData, IntentsData } from './types';
import { stateWordsFor } from './channel-words';
import { campaignRange, campaignStatsKey, campaignSummaryKey } from '@/lib/analytics/query-key';

/** How often an active campaign's dashboard refreshes itself. */
export const LIVE_REFRESH_MS = 3_000;

function LiveIndicator({ summary, updatedAt }: { summary?: CampaignSummary; updatedAt: number }) {
  const f = useFormat();
  if (!summary) return null;
  const at = updatedAt ? f.time(updatedAt) : '—';
  if (summary.live) {
    return (
      <p className="inline-flex items-center gap-2 text-sm text-emerald-700" data-testid="live-indicator" aria-live="polite">
        <span className="relative flex h-2.5 w-2.5"><span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-75" /><span className="relative inline-flex h-2.5 w-2.5 rounded-full bg-emerald-500" /></span>
        Live · updated {at}
      </p>
    );
  }
  const state = summary.campaign.status === 'completed' ? 'Completed · final figures' : `${summary.campaign.status === 'paused' ? 'Paused' : 'Not running'} · not refreshing`;
  return <p className="text-sm text-gray-500" data-testid="live-indicator">{state} · updated {at}</p>;
}

/**
 * One campaign's analytics, in its channels' words (call outcomes, answer rate, durations, series and intents with calls; emails and texts by channel): summary (seed 000), stats (seed 004), funnel and intents. While the campaign is active
 * every query refetches every 3 s — only while the tab is visible — and stops once the campaign is no longer active.
 */
export function CampaignDashboard({ campaignId, status, canInvalidate, hasCalls, placesCalls, hasMessages }: { campaignId: string; status: string; canInvalidate: boolean; hasCalls: boolean; placesCalls: boolean; hasMessages: boolean }) {
  const f = useFormat();
  const words = stateWordsFor(placesCalls);
  const [drill, setDrill] = useState<Drill | null>(null);
  const summary = useQuery<CampaignSummary, Error>({
    // The status is part of the key so a pause or resume on this page starts or stops the polling at once.
    queryKey: campaignSummaryKey(campaignId, status),
    queryFn: () => getJson(`/api/campaigns/${campaignId}/summary`),
    refetchInterval: (q) => (q.state.data?.live ? LIVE_REFRESH_MS : false),
    refetchIntervalInBackground: false,
  });
  const live = summary.data?.live ?? false;
  const poll = { refetchInterval: live ? LIVE_REFRESH_MS : (false as const), refetchIntervalInBackground: false };
  const stats = useQuery<CampaignStats, Error>({ queryKey: campaignStatsKey(campaignId), queryFn: () => getJson(`/api/campaigns/${campaignId}/stats`), ...poll });
  const range = summary.data ? campaignRange(summary.data.campaign) : null;
  const funnel = useAnalytics<FunnelData>('funnel', { campaignId, ...range }, { enabled: range !== null, ...poll });
  const intents = useAnalytics<IntentsData>('intents', { campaignId, ...range }, { enabled: range !== null && hasCalls, ...poll });

  if (summary.isError && !summary.data) return <ErrorPanel error={summary.error} onRetry={() => void summary.refetch()} />;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <LiveIndicator summary={summary.data} updatedAt={summary.dataUpdatedAt} />
        <div className="flex flex-wrap items-center gap-3">
          {stats.data && <p className="text-xs text-gray-500">Stats as of {f.time(new Date(stats.data.generated_at).getTime())}{stats.data.cached ? ' (cached, refreshed at most once a minute)' : ''}</p>}
          {canInvalidate && <StatsInvalidateButton campaignId={campaignId} />}
        </div>
      </div>
      <CampaignKpis summary={summary.data} stats={stats.data} words={words} hasCalls={hasCalls} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <ContactStatesPanel query={stats} onDrill={setDrill} words={words} />
        {hasCalls && <OutcomesPanel query={stats} onDrill={setDrill} />}
        {hasCalls && <SeriesPanel query={stats} which="hourly" />}
        {hasCalls && <SeriesPanel query={stats} which="daily" />}
        {hasMessages && <MessagesPanel query={summary} onDrill={setDrill} />}
        <FunnelPanel query={funnel} onDrill={setDrill} />
        {hasCalls && <IntentsPanel query={intents} onDrill={setDrill} />}
        <FailuresPanel query={summary} />
        <QrPanel query={summary} />
      </div>
      <ContactDrilldown campaignId={campaignId} drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
