import { PageHeader, EmptyState } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { db } from '@/lib/db';

export const metadata = { title: 'Contacts' };

export default async function ContactsPage() {
  const actor = await requirePageRole(CAN_READ);
  const [total, contacts] = await Promise.all([
    db.contact.count({ where: { workspaceId: actor.workspaceId } }),
    db.contact.findMany({
      where: { workspaceId: actor.workspaceId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 50,
      select: { id: true, email: true, firstName: true, lastName: true, marketingOptIn: true, timeZone: true },
    }),
  ]);
  return (
    <>
      <PageHeader title="Contacts" description={`${total.toLocaleString('en-US')} contacts in this workspace.`} />
      {contacts.length === 0 ? (
        <EmptyState title="No contacts yet">Import a CSV file or send contacts through the API.</EmptyState>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table">
            <thead><tr><th>Email</th><th>Name</th><th>Time zone</th><th>Opt-in</th></tr></thead>
            <tbody className="divide-y divide-gray-100">
              {contacts.map((c) => (
                <tr key={c.id}>
                  <td>{c.email}</td>
                  <td>{[c.firstName, c.lastName].filter(Boolean).join(' ')}</td>
                  <td>{c.timeZone ?? '—'}</td>
                  <td>{c.marketingOptIn ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
