import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/formatted';

interface Row {
  id: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
  createdAt: string;
  campaign: { id: string; name: string } | null;
}

const columns: Column<Row>[] = [
  { header: 'Sent', cell: (m) => <DateTime value={m.createdAt} withZone={false} /> },
  { header: 'To', cell: (m) => m.toAddress },
  { header: 'Subject', className: 'max-w-md truncate', cell: (m) => <Link href={`/outbox/${m.id}`} className="font-medium text-indigo-700 hover:underline">{m.subject || '(no subject)'}</Link> },
  {
    header: 'Campaign',
    hideBelow: 'md',
    cell: (m) => (m.campaign ? <Link href={`/campaigns/${m.campaign.id}`} className="text-indigo-700 hover:underline">{m.campaign.name}</Link> : <span className="text-gray-500">Test send</span>),
  },
  { header: 'From', hideBelow: 'xl', className: 'text-gray-500', cell: (m) => m.fromAddress },
];

/** Messages the local sink kept, newest first. */
export function SinkMessagesTable({ messages }: { messages: Row[] }) {
  return <DataTable rows={messages} columns={columns} rowKey={(m) => m.id} testId="outbox-table" caption="Messages in the local outbox" />;
}
