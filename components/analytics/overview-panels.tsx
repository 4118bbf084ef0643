'use client';

import Link from 'next/link';
import { AreaChart, BarList, DonutChart } from '@tremor/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ChartCard, CsvLink } from './chart-card';
import { useFormat } from '@/components/format-provider';
import { DataTable, type Column } from '@/components/ui/data-table';
import { channelLabel } from '@/lib/format';
import type { CampaignsData, OverviewData } from './types';

export function TrendPanel({ query, csv }: { query: UseQueryResult<OverviewData, Error>; csv: string }) {
  const f = useFormat();
  return (
    <ChartCard title="Messages over time" query={query} isEmpty={(d) => d.summary.totalMessagesSent === 0 && d.summary.totalDelivered === 0} empty="No messages in this period." actions={<CsvLink href={csv} />} testId="trend-chart">
      {(d) => (
        <AreaChart
          className="h-64"
          data={d.trend.map((t) => ({ ...t, label: f.bucket(t.date, d.granularity) }))}
          index="label"
          categories={['sent', 'delivered', 'opened', 'clicked']}
          colors={['indigo', 'emerald', 'amber', 'rose']}
          valueFormatter={f.number} allowDecimals={false}
          yAxisWidth={56}
        />
      )}
    </ChartCard>
  );
}

type ChannelRow = { channel: string } & OverviewData['byChannel'][string];

const channelColumns = (f: ReturnType<typeof useFormat>): Column<ChannelRow>[] => [
  { header: 'Channel', cell: (r) => r.channel },
  { header: 'Sent', align: 'right', cell: (r) => f.number(r.sent) },
  { header: 'Delivered', align: 'right', cell: (r) => f.number(r.delivered) },
  { header: 'Opened', align: 'right', cell: (r) => f.number(r.opened) },
];

export function ChannelPanel({ query }: { query: UseQueryResult<OverviewData, Error> }) {
  const f = useFormat();
  return (
    <ChartCard title="By channel" subtitle="Messages sent" query={query} isEmpty={(d) => Object.keys(d.byChannel).length === 0} empty="No messages in this period." testId="channel-breakdown">
      {(d) => {
        const rows = Object.entries(d.byChannel).map(([channel, c]) => ({ channel: channelLabel(channel), ...c }));
        return (
          <div className="flex flex-col gap-4">
            <DonutChart className="h-40" data={rows} category="sent" index="channel" valueFormatter={f.number} colors={['indigo', 'emerald', 'amber', 'rose', 'cyan']} />
            <DataTable rows={rows} columns={channelColumns(f)} rowKey={(r) => r.channel} caption="Messages by channel" frame="bare" compact />
          </div>
        );
      }}
    </ChartCard>
  );
}

export function TopCampaignsPanel({ query, csv }: { query: UseQueryResult<CampaignsData, Error>; csv: string }) {
  const f = useFormat();
  return (
    <ChartCard title="Top campaigns" subtitle="By messages sent, with open rate" query={query} skeleton="list" isEmpty={(d) => d.topCampaigns.length === 0} empty="No campaign sent anything in this period." actions={<CsvLink href={csv} />} testId="top-campaigns">
      {(d) => (
        <BarList
          data={d.topCampaigns.map((c) => ({
            key: c.campaignId,
            name: `${c.name ?? c.campaignId} · ${f.percent(c.openRate)} open`,
            value: c.sent,
            ...(c.name ? { href: `/campaigns/${c.campaignId}/dashboard` } : {}),
            target: '_self',
          }))}
          valueFormatter={f.number}
        />
      )}
    </ChartCard>
  );
}

export function ReportLinks({ query }: { query: string }) {
  const link = 'rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50';
  return (
    <nav aria-label="Analytics reports" className="flex gap-2">
      <Link className={link} href={`/analytics/templates${query ? `?${query}` : ''}`}>Templates report</Link>
      <Link className={link} href={`/analytics/traffic${query ? `?${query}` : ''}`}>Traffic report</Link>
    </nav>
  );
}
