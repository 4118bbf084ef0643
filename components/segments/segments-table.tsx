import Link from 'next/link';
import { Day, Num } from '@/components/ui/formatted';
import { DataTable, type Column } from '@/components/ui/data-table';

interface Row {
  id: string;
  name: string;
  description: string | null;
  /** Null when the criteria no longer compile, e.g. an attribute they use was removed; undefined while counting. */
  count?: number | null;
  updatedAt: string;
}

const columns: Column<Row>[] = [
  {
    header: 'Name',
    cell: (s) => (
      <>
        <Link href={`/segments/${s.id}`} className="font-medium text-indigo-600 hover:underline">{s.name}</Link>
        {s.description && <div className="text-xs text-gray-500">{s.description}</div>}
      </>
    ),
  },
  {
    header: 'Contacts',
    align: 'right',
    cell: (s) => (s.count === undefined ? <span className="text-gray-400">counting…</span> : s.count === null ? <span className="text-amber-700">needs fixing</span> : <Num value={s.count} />),
  },
  { header: 'Updated', cell: (s) => <Day value={s.updatedAt} /> },
];

export function SegmentsTable({ segments }: { segments: Row[] }) {
  return <DataTable rows={segments} columns={columns} rowKey={(s) => s.id} testId="segments-table" caption="Segments" />;
}
