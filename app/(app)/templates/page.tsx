import Link from 'next/link';
import { TemplatesTable } from '@/components/templates/templates-table';
import { EmptyState, PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { sectionRoles } from '@/lib/navigation';
import { CAN_EDIT } from '@/lib/auth/roles';
import { listTemplates, templateTotal } from '@/lib/templates/service';
import { firstValues, numberedPage } from '@/lib/http/page';
import { Pagination } from '@/components/ui/pagination';

export const metadata = { title: 'Templates' };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageRole(sectionRoles('/templates'));
  const list = await numberedPage(firstValues(await searchParams).page, () => templateTotal(actor.workspaceId), (page) => listTemplates(actor.workspaceId, page));
  const templates = list.items;
  const canEdit = CAN_EDIT.includes(actor.role);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Emails, texts and call scripts with personalisation: contact fields, attributes and fallbacks."
        actions={canEdit ? <Link href="/templates/new" className="btn-primary">New template</Link> : undefined}
      />
      {templates.length === 0 ? (
        <EmptyState title="No templates yet">{canEdit ? 'Create one to use it in flows and campaigns.' : 'Managers can create templates here.'}</EmptyState>
      ) : (
        <>
          <TemplatesTable templates={templates.map((t) => ({ id: t.id, name: t.name, channel: t.channel, subject: t.subject, updatedAt: t.updatedAt.toISOString() }))} />
          <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefOf={(page) => `/templates?page=${page}`} />
        </>
      )}
    </>
  );
}
