'use client';

import { AreaChart, BarChart } from '@tremor/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ChartCard, CsvLink } from './chart-card';
import { useFormat } from '@/components/format-provider';
import type { TrafficData } from './types';

const quiet = (d: TrafficData) => d.peakHours.every((h) => h.messageCount === 0);

export function PeakHoursPanel({ query, csv }: { query: UseQueryResult<TrafficData, Error>; csv?: string }) {
  const f = useFormat();
  return (
    <ChartCard title="Peak hours" subtitle={query.data ? `Messages sent by hour of day (${query.data.timeZone})` : 'Messages sent by hour of day'} query={query} isEmpty={quiet} empty="No messages sent in this period." actions={csv && <CsvLink href={csv} />} testId="peak-hours">
      {(d) => (
        <BarChart className="h-56" data={d.peakHours.map((h) => ({ hour: `${String(h.hour).padStart(2, '0')}:00`, Messages: h.messageCount }))} index="hour" categories={['Messages']} colors={['indigo']} valueFormatter={f.number} allowDecimals={false} yAxisWidth={56} showLegend={false} />
      )}
    </ChartCard>
  );
}

export function DayOfWeekPanel({ query, csv }: { query: UseQueryResult<TrafficData, Error>; csv?: string }) {
  const f = useFormat();
  return (
    <ChartCard title="Day of week" subtitle="Messages sent" query={query} isEmpty={quiet} empty="No messages sent in this period." actions={csv && <CsvLink href={csv} />} testId="day-of-week">
      {(d) => (
        <BarChart className="h-56" data={d.byDayOfWeek.map((x) => ({ day: x.day.slice(0, 3), Messages: x.messageCount }))} index="day" categories={['Messages']} colors={['emerald']} valueFormatter={f.number} allowDecimals={false} yAxisWidth={56} showLegend={false} />
      )}
    </ChartCard>
  );
}

export function TrafficSeriesPanel({ query, csv }: { query: UseQueryResult<TrafficData, Error>; csv?: string }) {
  const f = useFormat();
  return (
    <ChartCard title="Messages sent over time" query={query} isEmpty={quiet} empty="No messages sent in this period." actions={csv && <CsvLink href={csv} />} testId="traffic-series">
      {(d) => (
        <AreaChart className="h-64" data={d.timeSeries.map((p) => ({ label: f.bucket(p.timestamp, d.granularity, d.timeZone), Messages: p.messageCount }))} index="label" categories={['Messages']} colors={['indigo']} valueFormatter={f.number} allowDecimals={false} yAxisWidth={56} showLegend={false} />
      )}
    </ChartCard>
  );
}
