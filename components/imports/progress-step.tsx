'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchProgress, rejectsUrl, type ImportProgress } from '@/components/imports/api';

const n = (value: number) => value.toLocaleString('en-US');
const isFinished = (p: ImportProgress | undefined) => p?.status === 'completed' || p?.status === 'failed';

/** After this long in the queue the page says the import is waiting for a worker rather than just "queued". */
const PATIENCE_SECONDS = 5;

/** Seconds since the page saw the import queued, ticking while it stays queued. */
function useSecondsQueued(queued: boolean): number {
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(since);
  useEffect(() => {
    if (!queued) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [queued]);
  return Math.floor((now - since) / 1000);
}

/** The line under the bar: queued, waiting for a worker, or rows and speed once the job runs. */
function statusLine(data: ImportProgress, secondsQueued: number): string {
  if (data.queued) {
    return secondsQueued < PATIENCE_SECONDS
      ? 'Queued · the import starts in a moment…'
      : `Waiting for a worker to pick up the import (${secondsQueued} s) · it starts as soon as one is free`;
  }
  return `${n(data.processedRows)} rows done · ${n(data.rowsPerSecond)} rows/s · ${data.percent}%`;
}

/** One figure of the summary. */
const Figure = ({ term, value, tone }: { term: string; value: number; tone?: string }) => (
  <div><dt className="text-gray-500">{term}</dt><dd className={`text-xl font-semibold ${tone ?? ''}`}>{n(value)}</dd></div>
);

/** Step 3: polls the import every second until it finishes, then shows the summary and the rejected rows link. */
export function ProgressStep({ initial }: { initial: ImportProgress }) {
  const { data = initial, error } = useQuery({
    queryKey: ['import', initial.id],
    queryFn: () => fetchProgress(initial.id),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 1000),
  });
  const finished = isFinished(data);
  const secondsQueued = useSecondsQueued(data.queued);

  return (
    <section className="card space-y-4" aria-labelledby="progress-heading">
      <h2 id="progress-heading" className="text-lg font-semibold">
        {data.status === 'completed' ? 'Import finished' : data.status === 'failed' ? 'Import stopped' : `3. Importing ${data.fileName}…`}
      </h2>
      <div>
        <div className="h-3 w-full overflow-hidden rounded-full bg-gray-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={data.percent} aria-label="Import progress">
          <div className={`h-full transition-all ${data.status === 'failed' ? 'bg-red-500' : 'bg-indigo-600'}`} style={{ width: `${data.percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-gray-600" aria-live="polite">
          {statusLine(data, secondsQueued)}
        </p>
      </div>
      {finished && (
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-5" data-testid="import-summary">
          <Figure term="Rows read" value={data.processedRows} />
          <Figure term="Created" value={data.createdRows} tone="text-green-700" />
          <Figure term="Updated" value={data.updatedRows} tone="text-indigo-700" />
          <Figure term="Skipped" value={data.skippedRows} tone="text-gray-700" />
          <Figure term="Rejected" value={data.rejectedRows} tone="text-red-700" />
        </dl>
      )}
      {data.error && <p role="alert" className="text-sm text-red-600">{data.error}</p>}
      {error && !finished && <p role="alert" className="text-sm text-amber-700">Progress could not be refreshed; retrying…</p>}
      {finished && (
        <div className="flex gap-2">
          {data.rejectedRows > 0 && <a className="btn-secondary" href={rejectsUrl(data.id)} download>Download rejected rows</a>}
          <Link className="btn-primary" href="/contacts">Go to contacts</Link>
        </div>
      )}
    </section>
  );
}
