import Link from 'next/link';
import { ImportFlow } from '@/components/imports/import-flow';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT } from '@/lib/auth/roles';

export const metadata = { title: 'Import contacts' };

export default async function ImportContactsPage() {
  await requirePageRole(CAN_EDIT);
  return (
    <>
      <PageHeader
        title="Import contacts"
        description="Add or update contacts from a CSV file. Existing contacts are matched by email."
        actions={<Link href="/contacts" className="btn-secondary">Back to contacts</Link>}
      />
      <ImportFlow />
    </>
  );
}
