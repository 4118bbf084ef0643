import { TemplateEditor } from '@/components/templates/template-editor';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { parseId } from '@/lib/http/ids';
import { orNotFound } from '@/lib/http/page';
import { getTemplate } from '@/lib/templates/service';
import { isTemplateChannel } from '@/lib/channels/content';
import { deleteTemplateAction, saveTemplateAction, sendTestAction } from '../actions';

export const metadata = { title: 'Template' };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  const template = await orNotFound(() => getTemplate(actor.workspaceId, parseId(id, 'Template')));
  const canEdit = CAN_EDIT.includes(actor.role);
  return (
    <>
      <PageHeader title={template.name} description={canEdit ? `Edit the ${template.channel === 'email' ? 'email' : 'content'}; the preview follows as you type.` : 'Only managers can change templates.'} />
      <TemplateEditor
        template={{
          id: template.id,
          name: template.name,
          channel: isTemplateChannel(template.channel) ? template.channel : 'email',
          subject: template.subject,
          preheader: template.preheader ?? '',
          htmlBody: template.htmlBody,
          textBody: template.textBody ?? '',
          content: template.content,
        }}
        canEdit={canEdit}
        saveAction={saveTemplateAction}
        deleteAction={deleteTemplateAction}
        sendTestAction={sendTestAction}
      />
    </>
  );
}
