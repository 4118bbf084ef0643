import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { TagLink } from '@/components/contacts/tag-link';
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
            <TagLink key={t} tag={t} look="chip" />
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
