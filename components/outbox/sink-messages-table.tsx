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

/** One line, cut with the full text on hover. On a block inside the cell, as a table cell's own max-width does not hold. */
const cut = (width: string) => `block ${width} truncate`;

// Why every free-text column is cut: a wrapped sender or campaign doubled every row's height, and a column left to grow
// (a long subject) widened the table past the window instead.
const columns: Column<Row>[] = [
  { header: 'Sent', cell: (m) => <DateTime value={m.createdAt} withZone={false} /> },
  { header: 'To', cell: (m) => <span title={m.toAddress} className={cut('max-w-[11rem]')}>{m.toAddress}</span> },
  {
    header: 'Subject',
    cell: (m) => (
      <Link href={`/outbox/${m.id}`} title={m.subject || undefined} className={`${cut('max-w-[14rem]')} font-medium text-indigo-700 hover:underline`}>
        {m.subject || '(no subject)'}
      </Link>
    ),
  },
  {
    header: 'Campaign',
    hideBelow: 'md',
    cell: (m) =>
      m.campaign ? (
        <Link href={`/campaigns/${m.campaign.id}`} title={m.campaign.name} className={`${cut('max-w-[10rem]')} text-indigo-700 hover:underline`}>
          {m.campaign.name}
        </Link>
      ) : (
        <span className="whitespace-nowrap text-gray-500">Test send</span>
      ),
  },
  { header: 'From', hideBelow: 'xl', className: 'text-gray-500', cell: (m) => <span title={m.fromAddress} className={cut('max-w-[10rem]')}>{m.fromAddress}</span> },
];

/** Messages the local sink kept, newest first. */
export function SinkMessagesTable({ messages }: { messages: Row[] }) {
  return <DataTable rows={messages} columns={columns} rowKey={(m) => m.id} testId="outbox-table" caption="Messages in the local outbox" />;
}
