import Link from 'next/link';
import { SinkMessageView } from '@/components/outbox/sink-message-view';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_READ } from '@/lib/auth/roles';
import { getSinkMessage } from '@/lib/delivery/sink';
import { parseId } from '@/lib/http/ids';
import { orNotFound } from '@/lib/http/page';

export const metadata = { title: 'Outbox message' };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id } = await params;
  const message = await orNotFound(() => getSinkMessage(actor.workspaceId, parseId(id, 'Message')));
  return (
    <>
      <PageHeader
        title={message.subject || '(no subject)'}
        description={`To ${message.toAddress}, kept ${message.createdAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`}
        actions={<Link href="/outbox" className="btn-secondary">Back to Outbox</Link>}
      />
      <SinkMessageView message={{ ...message, createdAt: message.createdAt.toISOString() }} />
    </>
  );
}
