import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import type { Contact } from '@/lib/generated/prisma/client';

/** The columns the list shows, typed from the Prisma model. */
type Row = Pick<Contact, 'id' | 'email' | 'firstName' | 'lastName' | 'timeZone' | 'marketingOptIn' | 'tags'>;

const columns: Column<Row>[] = [
  { header: 'Email', cell: (c) => <Link href={`/contacts/${c.id}`} className="text-indigo-600 hover:underline">{c.email}</Link> },
  { header: 'Name', cell: (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || '—' },
  { header: 'Time zone', cell: (c) => c.timeZone ?? '—' },
  {
    header: 'Tags',
    // Each tag lists the contacts that carry it.
    cell: (c) =>
      c.tags.length ? (
        <span className="flex flex-wrap gap-1">
          {c.tags.map((t) => (
            <Link key={t} href={`/contacts?tag=${encodeURIComponent(t)}`} className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-700 hover:bg-indigo-50 hover:text-indigo-700" aria-label={`Contacts tagged ${t}`}>
              {t}
            </Link>
          ))}
        </span>
      ) : (
        '—'
      ),
  },
  { header: 'Opt-in', cell: (c) => (c.marketingOptIn ? 'Yes' : 'No') },
];

export function ContactsTable({ contacts }: { contacts: Row[] }) {
  return <DataTable rows={contacts} columns={columns} rowKey={(c) => c.id} testId="contacts-table" caption="Contacts" />;
}
