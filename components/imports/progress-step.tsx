'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { fetchProgress, rejectsUrl, type ImportProgress } from '@/components/imports/api';

const n = (value: number) => value.toLocaleString('en-US');
const isFinished = (p: ImportProgress | undefined) => p?.status === 'completed' || p?.status === 'failed';

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
          {n(data.processedRows)} rows done · {n(data.rowsPerSecond)} rows/s · {data.percent}%
        </p>
      </div>
      {finished && (
        <dl className="grid grid-cols-3 gap-4 text-sm" data-testid="import-summary">
          <div><dt className="text-gray-500">Rows read</dt><dd className="text-xl font-semibold">{n(data.processedRows)}</dd></div>
          <div><dt className="text-gray-500">Imported</dt><dd className="text-xl font-semibold text-green-700">{n(data.importedRows)}</dd></div>
          <div><dt className="text-gray-500">Rejected</dt><dd className="text-xl font-semibold text-red-700">{n(data.rejectedRows)}</dd></div>
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
