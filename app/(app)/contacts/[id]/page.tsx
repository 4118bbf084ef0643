import { ContactDetail } from '@/components/contacts/contact-detail';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { listAttributeDefinitions } from '@/lib/contacts/attributes';
import { getContact } from '@/lib/contacts/service';
import { parseId } from '@/lib/http/ids';
import { orNotFound } from '@/lib/http/page';
import { saveContactChannelsAction } from '../actions';

export const metadata = { title: 'Contact' };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  const [contact, attributes] = await Promise.all([orNotFound(() => getContact(actor.workspaceId, parseId(id, 'Contact'))), listAttributeDefinitions(actor.workspaceId)]);
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return (
    <>
      <PageHeader title={name || contact.email} description={name ? contact.email : undefined} />
      <ContactDetail
        contact={contact}
        attributeLabels={Object.fromEntries(attributes.map((a) => [a.key, a.label]))}
        canEdit={CAN_EDIT.includes(actor.role)}
        saveChannelsAction={saveContactChannelsAction}
      />
    </>
  );
}
