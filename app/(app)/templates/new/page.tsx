import { TemplateEditor } from '@/components/templates/template-editor';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT } from '@/lib/auth/roles';
import { STARTER_TEMPLATE } from '@/lib/templates/samples';
import { deleteTemplateAction, saveTemplateAction, sendTestAction } from '../actions';

export const metadata = { title: 'New template' };

export default async function NewTemplatePage() {
  await requirePageRole(CAN_EDIT);
  return (
    <>
      <PageHeader title="New template" description="Choose a channel and write the content; the preview follows as you type." />
      <TemplateEditor
        template={{ id: null, channel: 'email', ...STARTER_TEMPLATE, textBody: '', content: null }}
        canEdit
        saveAction={saveTemplateAction}
        deleteAction={deleteTemplateAction}
        sendTestAction={sendTestAction}
      />
    </>
  );
}
