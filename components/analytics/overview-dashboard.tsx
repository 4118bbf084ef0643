'use client';

import { KpiCards } from './kpi-cards';
import { ChannelPanel, ReportLinks, TopCampaignsPanel, TrendPanel } from './overview-panels';
import { DayOfWeekPanel, PeakHoursPanel } from './traffic-panels';
import { RangePicker, useRangeParams } from './range-picker';
import { csvHref, toQuery, useAnalytics } from './fetch';
import { useBrowserTimeZone } from './use-time-zone';
import type { CampaignsData, OverviewData, TrafficData } from './types';

/** The overview's analytics: one range (from the URL) drives every panel; each panel loads and fails on its own. */
export function OverviewDashboard() {
  const range = useRangeParams('7d');
  const tz = useBrowserTimeZone();
  const overview = useAnalytics<OverviewData>('overview', range);
  const campaigns = useAnalytics<CampaignsData>('campaigns', { ...range, limit: 8 });
  const traffic = useAnalytics<TrafficData>('traffic', { ...range, tz }, { enabled: tz !== null });
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
