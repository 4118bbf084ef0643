'use client';

import { BadgeDelta, Card, Metric, Text } from '@tremor/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorPanel, Skeleton } from './chart-card';
import { useFormat } from '@/components/format-provider';
import type { OverviewData } from './types';

type Key = keyof OverviewData['summary'];

const CARDS: { key: Key; label: string; rate?: boolean }[] = [
  { key: 'totalMessagesSent', label: 'Messages sent' },
  { key: 'totalDelivered', label: 'Delivered' },
  { key: 'totalOpened', label: 'Opened' },
  { key: 'totalClicked', label: 'Clicked' },
  { key: 'deliveryRate', label: 'Delivery rate', rate: true },
  { key: 'openRate', label: 'Open rate', rate: true },
  { key: 'clickRate', label: 'Click rate', rate: true },
];

/** Counts change in percent, rates in percentage points; nothing to compare with is said plainly. */
function Change({ value, rate }: { value: number | null; rate?: boolean }) {
  const f = useFormat();
  if (value === null) return <Text className="text-xs">No previous data</Text>;
  const deltaType = value > 0 ? 'moderateIncrease' : value < 0 ? 'moderateDecrease' : 'unchanged';
  const text = `${value > 0 ? '+' : ''}${f.decimal(value)}${rate ? ' pts' : '%'}`;
  return <BadgeDelta deltaType={deltaType} size="xs" tooltip="Change against the previous period of the same length">{text}</BadgeDelta>;
}

export function KpiCards({ query }: { query: UseQueryResult<OverviewData, Error> }) {
  const f = useFormat();
  if (query.isError && !query.data) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4 xl:grid-cols-7" aria-label="Message KPIs">
      {CARDS.map((c) => (
        <Card key={c.key} className="p-4" data-testid={`kpi-${c.key}`}>
          <Text>{c.label}</Text>
          {query.data ? (
            <>
              <Metric className="text-2xl" data-testid={`kpi-${c.key}-value`}>{c.rate ? f.percent(query.data.summary[c.key]) : f.number(query.data.summary[c.key])}</Metric>
              <div className="mt-1"><Change value={query.data.change[c.key]} rate={c.rate} /></div>
            </>
          ) : (
            <Skeleton kind="metric" />
          )}
        </Card>
      ))}
    </div>
  );
}
