import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/formatted';

interface Row {
  id: string;
  name: string;
  subject: string;
  updatedAt: string;
}

const columns: Column<Row>[] = [
  { header: 'Name', className: 'font-medium', cell: (t) => <Link href={`/templates/${t.id}`} className="text-indigo-700 hover:underline">{t.name}</Link> },
  { header: 'Subject', className: 'max-w-md truncate', cell: (t) => t.subject },
  { header: 'Updated', cell: (t) => <DateTime value={t.updatedAt} withZone={false} /> },
];

/** The workspace's templates, most recently changed first. */
export function TemplatesTable({ templates }: { templates: Row[] }) {
  return <DataTable rows={templates} columns={columns} rowKey={(t) => t.id} testId="templates-table" caption="Templates" />;
}
