import Link from 'next/link';
import type { Contact } from '@/lib/generated/prisma/client';

/** The columns the list shows, typed from the Prisma model. */
type Row = Pick<Contact, 'id' | 'email' | 'firstName' | 'lastName' | 'timeZone' | 'marketingOptIn' | 'tags'>;

export function ContactsTable({ contacts }: { contacts: Row[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="contacts-table">
        <thead><tr><th>Email</th><th>Name</th><th>Time zone</th><th>Tags</th><th>Opt-in</th></tr></thead>
        <tbody className="divide-y divide-gray-100">
          {contacts.map((c) => (
            <tr key={c.id}>
              <td><Link href={`/contacts/${c.id}`} className="text-indigo-600 hover:underline">{c.email}</Link></td>
              <td>{[c.firstName, c.lastName].filter(Boolean).join(' ') || '—'}</td>
              <td>{c.timeZone ?? '—'}</td>
              <td>{c.tags.join(', ') || '—'}</td>
              <td>{c.marketingOptIn ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
