import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { Num } from '@/components/ui/formatted';
import type { SegmentPreviewData } from '@/components/segments/use-segment-preview';

interface Props {
  data: SegmentPreviewData | undefined;
  updating: boolean;
  /** Why the count is not shown: invalid criteria, or the server's refusal. */
  problem: string | null;
}

/** The live audience of the criteria being edited: how many contacts match, and a few of them. */
export function SegmentPreview({ data, updating, problem }: Props) {
  return (
    <section className="card" aria-labelledby="preview-heading" aria-busy={updating}>
      <h2 id="preview-heading" className="text-sm font-semibold uppercase tracking-wide text-gray-500">Matching contacts</h2>
      <div className="mt-2 flex items-baseline gap-2" aria-live="polite">
        <span className="text-3xl font-semibold tabular-nums" data-testid="segment-count">{data ? <Num value={data.count} /> : '—'}</span>
        {updating ? <span className="text-xs text-gray-500">updating…</span> : data && <span className="text-xs text-gray-400">in {data.tookMs} ms</span>}
      </div>
      {problem && <p className="mt-2 text-sm text-amber-700">{problem}</p>}
      {data && data.sample.length > 0 && (
        <div className="-mx-5 mt-4">
          <DataTable
            rows={data.sample}
            columns={[
              { header: 'Email', className: 'max-w-[13rem] truncate', cell: (c) => <Link href={`/contacts/${c.id}`} className="text-indigo-600 hover:underline" title={c.email}>{c.email}</Link> },
              { header: 'Name', cell: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || '—' },
            ]}
            rowKey={(c) => c.id}
            testId="segment-sample"
            caption="A sample of matching contacts, newest first"
            frame="bare"
          />
        </div>
      )}
      {data && data.count === 0 && !updating && <p className="mt-3 text-sm text-gray-500">No contact matches these criteria yet.</p>}
    </section>
  );
}
