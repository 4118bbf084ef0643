import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { env } from '@/lib/env';
import { TransientDeliveryError, classifySmtpError } from '@/lib/delivery/errors';
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

/** Writes made in one tick leave as one segment (a message's body and its closing dot), not one syscall each. */
function coalesceWrites(socket: net.Socket) {
  const write = socket.write;
  let corked = false;
  socket.write = function (this: net.Socket, ...args: Parameters<typeof write>) {
    if (!corked) {
      corked = true;
      this.cork();
      process.nextTick(() => {
        corked = false;
        this.uncork();
      });
    }
    return write.apply(this, args);
  } as typeof write;
}

/**
 * Opens each pooled connection ourselves to switch Nagle's algorithm off. nodemailer leaves it on, and on a fast
 * link every message then waits for a delayed ACK (~40 ms), capping a 5-connection pool near 125 messages/s.
 */
export function connectWithoutDelay(options: SocketOptions, callback: SocketCallback): void {
  const host = options.host ?? 'localhost';
  const port = options.port ?? (options.secure ? 465 : 587);
  const socket = options.secure ? tls.connect({ ...options.tls, host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
  socket.setNoDelay(true);
  coalesceWrites(socket);
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
 * What nodemailer's pool asks of a message: its envelope, its id and its bytes. Why hand it this instead of going
 * through nodemailer's Mailer: the Mailer composes a MIME tree for every message (with random ids and boundaries)
 * even when given raw bytes, which cost more CPU than everything else we do per send.
 */
function prebuilt(envelope: { from: string; to: string[] }, providerMessageId: string, bytes: Buffer) {
  return {
    data: {},
    message: { getEnvelope: () => envelope, messageId: () => providerMessageId, getHeader: () => providerMessageId, createReadStream: () => bytes },
  } as unknown as Parameters<SMTPPool['send']>[0];
}

/**
 * A pooled SMTP transport: up to 5 open connections (unless SMTP_URL says otherwise) without Nagle delays, each reused for as many messages as the
 * server allows; every message is built once by buildMime and handed to the pool as bytes with its envelope.
 */
export function createSmtpTransport(url: string, mailFrom = env().MAIL_FROM): Transport {
  // The defaults first: SMTP_URL's query (e.g. `?maxConnections=10`) may tune them for a server that allows more.
  const pool = new SMTPPool({
    ...TIMEOUTS,
    maxConnections: 5,
    maxMessages: Infinity,
    ...parseConnectionUrl(url),
    pool: true,
  });
  pool.getSocket = connectWithoutDelay as SMTPPool['getSocket'];
  return {
    kind: 'smtp',
    async send(email) {
      assertDeliverable(email.to);
      const from = email.from ?? mailFrom;
      const sender = parseMailbox(from).address;
      const providerMessageId = `<${randomUUID()}@${sender.split('@')[1] ?? 'herald.local'}>`;
      const bytes = buildMime(email, from, providerMessageId);
      try {
        const info = await new Promise<SMTPPool.SentMessageInfo>((resolve, reject) => {
          const queued: unknown = pool.send(prebuilt({ from: sender, to: [email.to] }, providerMessageId, bytes), (err, i) => (err ? reject(err) : resolve(i)));
          if (queued === false) reject(new TransientDeliveryError('ECLOSED', 'The SMTP connection pool is closed'));
        });
        return { providerMessageId, accepted: info.accepted.length > 0 };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      pool.close();
    },
  };
}
