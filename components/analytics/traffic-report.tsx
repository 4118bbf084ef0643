'use client';

import { useSearchParams } from 'next/navigation';
import { RangePicker, useSetParams } from './range-picker';
import { trafficReportParams } from '@/lib/analytics/query-key';
import { DayOfWeekPanel, PeakHoursPanel, TrafficSeriesPanel } from './traffic-panels';
import { csvHref, useAnalytics } from './fetch';
import { useBrowserTimeZone } from './use-time-zone';
import type { TrafficData } from './types';

const ZONES = ['UTC', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];

/** Traffic over the URL's range in a chosen zone (default: the viewer's), at a chosen granularity. */
export function TrafficReport() {
  const sp = useSearchParams();
  const setParams = useSetParams();
  const params = trafficReportParams((key) => sp.get(key), useBrowserTimeZone());
  const { tz, granularity } = params;
  const query = useAnalytics<TrafficData>('traffic', params);
  const zones = tz && !ZONES.includes(tz) ? [tz, ...ZONES] : ZONES;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <RangePicker defaultPreset="7d" />
        <div className="flex gap-3">
          <label className="text-xs text-gray-600">Time zone
            <select className="input mt-0.5" value={tz} onChange={(e) => setParams({ tz: e.target.value })}>
              {zones.map((z) => <option key={z} value={z}>{z}</option>)}
            </select>
          </label>
          <label className="text-xs text-gray-600">Buckets
            <select className="input mt-0.5" value={granularity} onChange={(e) => setParams({ granularity: e.target.value === 'hour' ? null : e.target.value })}>
              <option value="hour">Hours</option>
              <option value="day">Days</option>
              <option value="week">Weeks</option>
            </select>
          </label>
        </div>
      </div>
      <TrafficSeriesPanel query={query} csv={csvHref('traffic', params, 'timeSeries')} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <PeakHoursPanel query={query} csv={csvHref('traffic', params, 'peakHours')} />
        <DayOfWeekPanel query={query} csv={csvHref('traffic', params, 'byDayOfWeek')} />
      </div>
    </div>
  );
}
