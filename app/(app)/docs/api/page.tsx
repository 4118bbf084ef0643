import Link from 'next/link';
import { ApiReference, Prose } from '@/components/api/api-reference';
import { PageHeader } from '@/components/ui/page-header';
import { openApiDocument } from '@/lib/api/openapi';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';

export const metadata = { title: 'API reference' };

export default async function ApiReferencePage() {
  await requirePageRole(CAN_READ);
  const doc = openApiDocument();
  return (
    <>
      <PageHeader title="API reference" actions={<Link href="/api/openapi.json" className="btn-secondary" prefetch={false}>OpenAPI document</Link>} />
      <p className="mb-6 max-w-4xl text-sm text-gray-600"><Prose text={doc.info.description} /></p>
      <ApiReference doc={doc} />
    </>
  );
}
