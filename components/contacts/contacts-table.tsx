import Link from 'next/link';

interface Row {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  timeZone: string | null;
  marketingOptIn: boolean;
  tags: string[];
}

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
