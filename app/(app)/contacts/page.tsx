import Link from 'next/link';
import { ContactFilters } from '@/components/contacts/contact-filters';
import { ContactsTable } from '@/components/contacts/contacts-table';
import { CursorPager } from '@/components/ui/cursor-pager';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requestFormatter } from '@/lib/format-request';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { contactListQuerySchema } from '@/lib/contacts/schema';
import { countContacts, listContacts } from '@/lib/contacts/service';
import { firstValues } from '@/lib/http/page';
import { safeParseInput } from '@/lib/http/parse';

export const metadata = { title: 'Contacts' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ContactsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageRole(sectionRoles('/contacts'));
  const raw = firstValues(await searchParams);
  // A hand-edited URL (bad cursor, odd filter) shows the first page rather than an error.
  const parsed = safeParseInput(contactListQuerySchema, raw);
  const fallback = safeParseInput(contactListQuerySchema, { q: raw.q?.slice(0, 200), tag: raw.tag?.slice(0, 100) });
  const query = parsed.success ? parsed.data : fallback.success ? fallback.data : contactListQuerySchema.parse({});
  const optIn = query.optIn === undefined ? 'all' : query.optIn ? 'yes' : 'no';
  const [total, page, f] = await Promise.all([countContacts(actor.workspaceId), listContacts(actor.workspaceId, query), requestFormatter()]);
  const filtered = Boolean(query.q || query.tag || query.optIn !== undefined);
  return (
    <>
      <PageHeader
        title="Contacts"
        description={`${f.number(total)} contacts in this workspace.`}
        actions={CAN_EDIT.includes(actor.role) && <Link href="/contacts/import" className="btn-primary">Import CSV</Link>}
      />
      <ContactFilters q={query.q ?? ''} tag={query.tag ?? ''} optIn={optIn} />
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? 'No contacts match' : 'No contacts yet'}>
          {filtered ? 'Try another search or filter.' : 'Import a CSV file or send contacts through the API.'}
        </EmptyState>
      ) : (
        <>
          <ContactsTable contacts={page.items} />
          <CursorPager basePath="/contacts" params={{ q: query.q, tag: query.tag, optIn: optIn === 'all' ? undefined : optIn }} prevCursor={page.prevCursor} nextCursor={page.nextCursor} />
        </>
      )}
    </>
  );
}
