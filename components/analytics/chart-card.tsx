'use client';

import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';

/** Placeholder shapes while a panel loads, so the page does not jump when data arrives. */
export function Skeleton({ kind = 'chart' }: { kind?: 'chart' | 'list' | 'metric' }) {
  if (kind === 'metric') return <div aria-hidden className="h-9 w-28 animate-pulse rounded bg-gray-200" />;
  if (kind === 'list') {
    return (
      <div aria-hidden className="space-y-2">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-gray-200" style={{ width: `${90 - i * 12}%` }} />
        ))}
      </div>
    );
  }
  return <div aria-hidden className="h-56 animate-pulse rounded bg-gray-100" />;
}

export function ErrorPanel({ error, onRetry }: { error: Error | null; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-md border border-red-200 bg-red-50 p-4 text-sm">
      <p className="font-medium text-red-700">Could not load this panel.</p>
      {error?.message && <p className="text-red-600">{error.message}</p>}
      <button type="button" className="btn-secondary" onClick={onRetry}>Retry</button>
    </div>
  );
}

interface Props<T> {
  title: string;
  subtitle?: ReactNode;
  query: UseQueryResult<T, Error>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  skeleton?: 'chart' | 'list' | 'metric';
  actions?: ReactNode;
  testId?: string;
  children: (data: T) => ReactNode;
}

/** A titled panel that shows its query's loading skeleton, error with retry, empty state or content. */
export function ChartCard<T>({ title, subtitle, query, isEmpty, empty, skeleton = 'chart', actions, testId, children }: Props<T>) {
  const { data } = query;
  let body: ReactNode;
  if (query.isPending) body = <Skeleton kind={skeleton} />;
  else if (query.isError && data === undefined) body = <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  else if (data === undefined || isEmpty?.(data)) body = <p className="py-10 text-center text-sm text-gray-500">{empty ?? 'No data for this period yet.'}</p>;
  else body = children(data);
  return (
    <section className="card" aria-label={title} data-testid={testId} aria-busy={query.isFetching}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold text-gray-900">{title}</h2>
          {subtitle && <p className="text-xs text-gray-500">{subtitle}</p>}
        </div>
        {actions && <div className="flex gap-2 text-xs">{actions}</div>}
      </div>
      {query.isError && data !== undefined && <p className="mb-2 text-xs text-red-600">Showing the last answer: refreshing failed ({query.error.message}).</p>}
      {body}
    </section>
  );
}

export const CsvLink = ({ href, label = 'CSV' }: { href: string; label?: string }) => (
  <a className="rounded border border-gray-300 px-2 py-0.5 text-gray-600 hover:bg-gray-50" href={href} download>
    {label}
  </a>
);
