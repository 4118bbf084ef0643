import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { env } from '@/lib/env';
import { classifySmtpError } from '@/lib/delivery/errors';
import { buildMime, parseMailbox } from '@/lib/delivery/mime';
import { assertDeliverable, type Transport } from '@/lib/delivery/outgoing';

/** Why the timeouts: a server that stops answering must become a transient failure, not a stuck send. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

interface SocketOptions {
  host?: string;
  port?: number;
  secure?: boolean;
  tls?: tls.ConnectionOptions;
}
type SocketCallback = (err: Error | null, socket?: { connection: net.Socket; secured?: boolean }) => void;

/**
 * Opens each pooled connection ourselves to switch Nagle's algorithm off. nodemailer leaves it on, and on a fast
 * link every message then waits for a delayed ACK (~40 ms), capping a 5-connection pool near 125 messages/s.
 */
function connectWithoutDelay(options: SocketOptions, callback: SocketCallback): void {
  const host = options.host ?? 'localhost';
  const port = options.port ?? (options.secure ? 465 : 587);
  const socket = options.secure ? tls.connect({ ...options.tls, host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
  socket.setNoDelay(true);
  let done = false;
  const finish = (err: Error | null) => {
    if (done) return;
    done = true;
    socket.setTimeout(0);
    socket.removeListener('error', finish);
    if (err) {
      socket.destroy();
      callback(err);
    } else callback(null, { connection: socket, secured: options.secure === true });
  };
  socket.setTimeout(TIMEOUTS.connectionTimeout, () => finish(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })));
  socket.once('error', finish);
  socket.once(options.secure ? 'secureConnect' : 'connect', () => finish(null));
}

/**
 * A pooled SMTP transport: up to 5 open connections without Nagle delays, each reused for as many messages as the
 * server allows; every message is built once by buildMime and handed over as raw bytes with its envelope.
 */
export function createSmtpTransport(url: string, mailFrom = env().MAIL_FROM): Transport {
  const mailer = nodemailer.createTransport({
    ...parseConnectionUrl(url),
    ...TIMEOUTS,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    getSocket: connectWithoutDelay,
  } as never);
  return {
    kind: 'smtp',
    async send(email) {
      assertDeliverable(email.to);
      const from = email.from ?? mailFrom;
      const sender = parseMailbox(from).address;
      const providerMessageId = `<${randomUUID()}@${sender.split('@')[1] ?? 'herald.local'}>`;
      try {
        const info = await mailer.sendMail({ envelope: { from: sender, to: [email.to] }, raw: buildMime(email, from, providerMessageId) });
        return { providerMessageId, accepted: info.accepted.length > 0 };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      mailer.close();
    },
  };
}
