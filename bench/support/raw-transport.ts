/**
 * Bench-only: the transport change proposed for lib/delivery/smtp.ts, measured with the real dispatch.
 * 1. TCP_NODELAY on the pooled connections (nodemailer leaves Nagle on; on loopback each message then waits for a
 *    ~40 ms delayed ACK, so a 5-connection pool tops out near 125 messages/s).
 * 2. The message is built here in one pass (headers, base64 parts) and handed to the pool as `raw`, skipping
 *    nodemailer's MIME composer (header normalisation, per-line quoted-printable streams): about a third of the CPU.
 * Promote to lib/delivery once the Transport contract allows a pre-built message.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { classifySmtpError } from '@/lib/delivery/errors';
import { MESSAGE_ID_HEADER, assertDeliverable, type OutgoingEmail, type Transport } from '@/lib/delivery/outgoing';

const CRLF = '\r\n';
/** Header values never carry line breaks (no header injection through a subject or a name). */
const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');
const encodeWord = (v: string) => (/^[\x20-\x7e]*$/.test(v) ? v : `=?UTF-8?B?${Buffer.from(v, 'utf8').toString('base64')}?=`);
const base64Lines = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}(?=.)/g, `$&${CRLF}`);

/** "Name <addr>" → its address (for the envelope) and the header form with an encoded display name. */
function parseFrom(from: string): { address: string; header: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  if (!m) return { address: from.trim(), header: from.trim() };
  const name = m[1].replace(/^"|"$/g, '');
  return { address: m[2], header: name ? `${encodeWord(name)} <${m[2]}>` : `<${m[2]}>` };
}

/** One RFC 5322 message: multipart/alternative with base64 text and HTML parts. */
export function buildMime(email: OutgoingEmail, from: string, messageId: string, date = new Date()): Buffer {
  const boundary = `----=_Herald_${messageId.slice(1, 17)}`;
  const headers: string[] = [
    `From: ${parseFrom(from).header}`,
    `To: <${oneLine(email.to)}>`,
    `Subject: ${encodeWord(oneLine(email.subject))}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
  ];
  for (const [k, v] of Object.entries(email.headers ?? {})) headers.push(`${k}: ${oneLine(v)}`);
  if (email.messageId) headers.push(`${MESSAGE_ID_HEADER}: ${email.messageId}`);
  headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const part = (type: string, body: string) =>
    `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;
  return Buffer.from(headers.join(CRLF) + CRLF + CRLF + part('text/plain', email.text) + part('text/html', email.html) + `--${boundary}--${CRLF}`, 'utf8');
}

export function createRawSmtpTransport(url: string, mailFrom: string): Transport {
  const mailer = nodemailer.createTransport({
    ...parseConnectionUrl(url),
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    getSocket(options: { host?: string; port?: number }, callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void) {
      const socket = net.connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 25 }, () => callback(null, { connection: socket }));
      socket.setNoDelay(true);
      socket.once('error', (err) => callback(err));
    },
  } as never);
  const sender = parseFrom(mailFrom).address;
  const domain = sender.split('@')[1] ?? 'herald.local';
  return {
    kind: 'smtp',
    async send(email) {
      assertDeliverable(email.to);
      const providerMessageId = `<${randomUUID()}@${domain}>`;
      try {
        await mailer.sendMail({ envelope: { from: sender, to: [email.to] }, raw: buildMime(email, mailFrom, providerMessageId) });
        return { providerMessageId, accepted: true };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      mailer.close();
    },
  };
}
