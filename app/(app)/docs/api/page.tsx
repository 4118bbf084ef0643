import Link from 'next/link';
import { ApiReference } from '@/components/api/api-reference';
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
      <PageHeader
        title="API reference"
        description={doc.info.description}
        actions={<Link href="/api/openapi.json" className="btn-secondary" prefetch={false}>OpenAPI document</Link>}
      />
      <ApiReference doc={doc} />
    </>
  );
}
