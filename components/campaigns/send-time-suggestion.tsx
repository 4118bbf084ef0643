'use client';

import { BarChart } from '@tremor/react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getJson } from '@/components/analytics/fetch';
import { toQuery } from '@/lib/analytics/query-key';
import { useFormat } from '@/components/format-provider';
import type { SendTimeSuggestion } from '@/lib/campaigns/send-time';

const BASIS_LABEL: Record<SendTimeSuggestion['basis'], string> = {
  segment: "this segment's engagement",
  workspace: "the workspace's engagement",
  default: 'a default',
};

/** The suggested send time of a segment, for the zone the campaign is scheduled in. */
export function useSendTimeSuggestion(segmentId: string, timeZone: string) {
  const qs = toQuery({ segmentId, timeZone });
  return useQuery<SendTimeSuggestion, Error>({
    queryKey: ['send-time', qs],
    enabled: Boolean(segmentId),
    queryFn: () => getJson<SendTimeSuggestion>(`/api/campaigns/send-time?${qs}`),
    staleTime: 5 * 60_000,
  });
}

const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The suggested slot, its sample and basis, why (engagement by hour on that day and by weekday), and "Use this time". */
export function SendTimeSuggestionPanel({ query, onUse }: { query: UseQueryResult<SendTimeSuggestion, Error>; onUse: (startDate: string, timeOfDay: string) => void }) {
  const f = useFormat();
  if (query.isPending) {
    return <div className="rounded-md border border-gray-200 p-4 text-sm text-gray-500" data-testid="send-time-suggestion" aria-busy="true">Looking at when this audience opens and clicks…</div>;
  }
  if (query.isError) {
    return (
      <div className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-700" data-testid="send-time-suggestion" role="alert">
        Could not suggest a send time: {query.error.message}{' '}
        <button type="button" className="underline" onClick={() => query.refetch()}>Try again</button>
      </div>
    );
  }
  const s = query.data;
  const dayHours = s.byHourOfWeek.filter((h) => h.dayOfWeek === s.slot.dayOfWeek).map((h) => ({ hour: hourLabel(h.hour), 'Opens and clicks': h.events }));
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((day, i) => ({
    day,
    'Opens and clicks': s.byHourOfWeek.filter((h) => h.dayOfWeek === i + 1).reduce((sum, h) => sum + h.events, 0),
  }));
  const zoneNote = s.basis === 'default' ? `in ${s.slot.timeZone}` : "in each recipient's local time";
  return (
    <div className="space-y-3 rounded-md border border-indigo-100 bg-indigo-50/40 p-4" data-testid="send-time-suggestion">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm font-medium text-gray-900">
            Suggested: <span data-testid="send-time-slot">{s.slot.dayName} {s.slot.timeOfDay}</span> <span className="font-normal text-gray-600">{zoneNote}</span>
          </p>
          <p className="text-xs text-gray-600" data-testid="send-time-basis">
            Based on {BASIS_LABEL[s.basis]}
            {s.basis === 'default' ? '' : `: ${f.number(s.sample.contacts)} contacts, ${f.number(s.sample.events)} opens and clicks in the last ${s.windowDays} days`}
          </p>
          <p className="mt-1 text-xs text-gray-500">{s.reason}</p>
        </div>
        <button type="button" className="btn-secondary" onClick={() => onUse(s.slot.nextStartDate, s.slot.timeOfDay)} data-testid="use-suggested-time">
          Use this time ({s.slot.nextStartDate})
        </button>
      </div>
      {s.basis === 'default' ? (
        <p className="text-xs text-gray-500">No engagement to chart yet.</p>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <div className="md:col-span-2">
            <p className="text-xs text-gray-500">{s.slot.dayName}s by local hour</p>
            <BarChart className="h-32" data={dayHours} index="hour" categories={['Opens and clicks']} colors={['indigo']} showLegend={false} yAxisWidth={40} />
          </div>
          <div>
            <p className="text-xs text-gray-500">By day of week</p>
            <BarChart className="h-32" data={days} index="day" categories={['Opens and clicks']} colors={['emerald']} showLegend={false} yAxisWidth={40} />
          </div>
        </div>
      )}
    </div>
  );
}
