import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { env } from '@/lib/env';
import { classifySmtpError } from '@/lib/delivery/errors';
import { MESSAGE_ID_HEADER, assertDeliverable, type Transport } from '@/lib/delivery/outgoing';

/** Why the timeouts: a server that stops answering must become a transient failure, not a stuck send. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** A pooled SMTP transport: up to 5 open connections, each reused for as many messages as the server allows. */
export function createSmtpTransport(url: string): Transport {
  const mailer = nodemailer.createTransport({
    ...parseConnectionUrl(url),
    ...TIMEOUTS,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
  });
  return {
    kind: 'smtp',
    async send(email) {
      assertDeliverable(email.to);
      try {
        const info = await mailer.sendMail({
          from: email.from ?? env().MAIL_FROM,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: { ...email.headers, ...(email.messageId ? { [MESSAGE_ID_HEADER]: email.messageId } : {}) },
        });
        return { providerMessageId: info.messageId, accepted: info.accepted.length > 0 };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      mailer.close();
    },
  };
}
