import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { notFound } from '@/lib/http/errors';
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

export const SINK_PAGE_SIZE = 25;

/** One page of the workspace's sink, newest first, without the bodies. */
export async function listSinkMessages(workspaceId: string, page: number) {
  const [total, messages] = await Promise.all([
    db.sinkMessage.count({ where: { workspaceId } }),
    db.sinkMessage.findMany({
      where: { workspaceId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * SINK_PAGE_SIZE,
      take: SINK_PAGE_SIZE,
      select: { id: true, toAddress: true, fromAddress: true, subject: true, createdAt: true },
    }),
  ]);
  return { messages, total };
}

export async function getSinkMessage(workspaceId: string, id: string) {
  const row = await db.sinkMessage.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound('Message');
  return { ...row, headers: (row.headers ?? {}) as Record<string, string> };
}
