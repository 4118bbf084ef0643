import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/formatted';
import { CHANNEL_LABELS, type TemplateChannel } from '@/lib/channels/content';

interface Row {
  id: string;
  name: string;
  channel: string;
  subject: string;
  updatedAt: string;
}

const columns: Column<Row>[] = [
  { header: 'Name', className: 'font-medium', cell: (t) => <Link href={`/templates/${t.id}`} className="text-indigo-700 hover:underline">{t.name}</Link> },
  { header: 'Channel', cell: (t) => CHANNEL_LABELS[t.channel as TemplateChannel] ?? t.channel },
  // Texts and calls have no subject.
  { header: 'Subject', className: 'max-w-md truncate', cell: (t) => (t.channel === 'email' ? t.subject : <span className="text-gray-400">—</span>) },
  { header: 'Updated', cell: (t) => <DateTime value={t.updatedAt} withZone={false} /> },
];

/** The workspace's templates, most recently changed first. */
export function TemplatesTable({ templates }: { templates: Row[] }) {
  return <DataTable rows={templates} columns={columns} rowKey={(t) => t.id} testId="templates-table" caption="Templates" />;
}
