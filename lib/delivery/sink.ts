import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { notFound } from '@/lib/http/errors';
import { numberedPage } from '@/lib/http/page';
import { MESSAGE_ID_HEADER, assertDeliverable, type Transport } from '@/lib/delivery/outgoing';

/** Without SMTP_URL every message is kept in sink_messages, so a local install can read what it would have sent. */
export function createSinkTransport(): Transport {
  return {
    kind: 'sink',
    async send(email) {
      assertDeliverable(email.to);
      const id = randomUUID();
      const providerMessageId = `<${id}@sink.herald.local>`;
      const headers = {
        'Message-ID': providerMessageId,
        Date: new Date().toUTCString(),
        ...email.headers,
        ...(email.messageId ? { [MESSAGE_ID_HEADER]: email.messageId } : {}),
      };
      await db.sinkMessage.create({
        data: {
          id,
          workspaceId: email.workspaceId,
          messageId: email.messageId ?? null,
          toAddress: email.to,
          fromAddress: email.from ?? env().MAIL_FROM,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers,
        },
      });
      return { providerMessageId, accepted: true };
    },
    async close() {},
  };
}

/**
 * One page of the workspace's sink, newest first, without the bodies, each with the campaign it was sent for (none for
 * a test send). A page number that is not a page shows the nearest one, as on every numbered screen.
 */
export async function pageSinkMessages(workspaceId: string, rawPage: string | undefined) {
  const page = await numberedPage(
    rawPage,
    () => db.sinkMessage.count({ where: { workspaceId } }),
    ({ skip, take }) =>
      db.sinkMessage.findMany({
        where: { workspaceId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
        select: { id: true, messageId: true, toAddress: true, fromAddress: true, subject: true, createdAt: true },
      }),
  );
  const messageIds = page.items.flatMap((m) => (m.messageId ? [m.messageId] : []));
  const sent = messageIds.length
    ? await db.message.findMany({ where: { id: { in: messageIds }, workspaceId }, select: { id: true, campaign: { select: { id: true, name: true } } } })
    : [];
  const campaignOf = new Map(sent.map((m) => [m.id, m.campaign]));
  return { ...page, items: page.items.map(({ messageId, ...m }) => ({ ...m, campaign: (messageId && campaignOf.get(messageId)) || null })) };
}

export async function getSinkMessage(workspaceId: string, id: string) {
  const row = await db.sinkMessage.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound('Message');
  return { ...row, headers: (row.headers ?? {}) as Record<string, string> };
}
