'use client';

import { useSearchParams } from 'next/navigation';
import { KpiCards } from './kpi-cards';
import { ChannelPanel, ReportLinks, TopCampaignsPanel, TrendPanel } from './overview-panels';
import { DayOfWeekPanel, PeakHoursPanel } from './traffic-panels';
import { RangePicker } from './range-picker';
import { csvHref, useAnalytics } from './fetch';
import { useBrowserTimeZone } from './use-time-zone';
import { overviewPeriodParams, toQuery } from '@/lib/analytics/query-key';
import type { CampaignsData, OverviewData, TrafficData } from './types';

/**
 * The overview's analytics: one range (from the URL) drives every panel; each panel loads and fails on its own. The
 * page answers these questions on the server first, so the figures arrive with the HTML.
 */
export function OverviewDashboard() {
  const sp = useSearchParams();
  const params = overviewPeriodParams((key) => sp.get(key), useBrowserTimeZone());
  const { range } = params;
  const overview = useAnalytics<OverviewData>('overview', params.overview);
  const campaigns = useAnalytics<CampaignsData>('campaigns', params.campaigns);
  const traffic = useAnalytics<TrafficData>('traffic', params.traffic);
  return (
    <div className="mt-8 space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker defaultPreset="7d" />
        <ReportLinks query={toQuery(range.timeRange === '7d' ? {} : range)} />
      </div>
      <KpiCards query={overview} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2"><TrendPanel query={overview} csv={csvHref('overview', range, 'trend')} /></div>
        <ChannelPanel query={overview} />
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <TopCampaignsPanel query={campaigns} csv={csvHref('campaigns', range, 'topCampaigns')} />
        <PeakHoursPanel query={traffic} />
        <DayOfWeekPanel query={traffic} />
      </div>
    </div>
  );
}
