import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { env } from '@/lib/env';
import { TransientDeliveryError, classifySmtpError } from '@/lib/delivery/errors';
import { buildMime, parseMailbox } from '@/lib/delivery/mime';
import { assertDeliverable, type Transport } from '@/lib/delivery/outgoing';

/**
 * Every wait has a bound, so a server that refuses, drops or stops answering turns each affected send into a
 * transient failure (and so a retry with backoff) instead of a send that never settles:
 * - connectionTimeout: TCP (and TLS) connect;
 * - greetingTimeout: the server's 220 greeting;
 * - socketTimeout: silence on an open connection, i.e. each command's reply, the DATA transfer, an idle socket;
 * - queueTimeout: a message waiting for a free connection (it is failed before any byte of it is written);
 * - idleTimeout: a pooled connection unused this long is closed (a server drops idle clients on its own schedule).
 * SMTP_URL's query may tune any of them, e.g. `?socketTimeout=30000&maxConnections=10`.
 */
export const SMTP_DEFAULTS = {
  maxConnections: 5,
  maxMessages: Infinity,
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
  queueTimeout: 60_000,
  idleTimeout: 10_000,
};

type PoolOptions = typeof SMTP_DEFAULTS & {
  host?: string;
  port?: number;
  secure?: boolean;
  name?: string;
  tls?: tls.ConnectionOptions;
  auth?: { user: string; pass: string };
};

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

const timeoutError = (what: string) => Object.assign(new Error(`${what} timed out`), { code: 'ETIMEDOUT' });

/**
 * Opens a socket ourselves to switch Nagle's algorithm off. nodemailer leaves it on, and on a fast link every
 * message then waits for a delayed ACK (~40 ms), capping a 5-connection pool near 125 messages/s.
 */
function openSocket(o: PoolOptions): Promise<net.Socket> {
  const host = o.host ?? 'localhost';
  const port = o.port ?? (o.secure ? 465 : 587);
  return new Promise((resolve, reject) => {
    const socket = o.secure ? tls.connect({ ...o.tls, host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(timeoutError('Connection')), o.connectionTimeout);
    socket.once('error', fail);
    socket.once(o.secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      socket.setNoDelay(true);
      coalesceWrites(socket);
      resolve(socket);
    });
  });
}

/** openSocket as nodemailer's `getSocket` hook, so the bench can compare bare nodemailer without Nagle delays. */
export function connectWithoutDelay(options: Partial<PoolOptions>, callback: (err: Error | null, socket?: { connection: net.Socket; secured?: boolean }) => void): void {
  openSocket({ ...SMTP_DEFAULTS, ...options }).then(
    (connection) => callback(null, { connection, secured: options.secure === true }),
    (err: Error) => callback(err),
  );
}

interface Job {
  envelope: { from: string; to: string[] };
  bytes: Buffer;
  resolve: (info: SMTPConnection.SentMessageInfo) => void;
  reject: (err: unknown) => void;
  /** Fails the job if no connection takes it in time. */
  timer: NodeJS.Timeout;
}

/** One pooled SMTP session; `dead` once it errored or closed, after which it is never reused. */
class Session {
  dead = false;
  messages = 0;
  idleTimer: NodeJS.Timeout | null = null;
  private resetting: Promise<boolean> | null = null;
  /** The job on this connection now: failed if the connection dies before the server answers it. */
  private current: ((err: unknown) => void) | null = null;

  private constructor(readonly conn: SMTPConnection) {}

  static async open(o: PoolOptions, onDeath: (s: Session) => void): Promise<Session> {
    const socket = await openSocket(o);
    const conn = new SMTPConnection({ ...o, connection: socket, secure: o.secure === true } as SMTPConnection.Options);
    const session = new Session(conn);
    const die = (err: unknown) => {
      if (session.dead) return;
      session.dead = true;
      if (session.idleTimer) clearTimeout(session.idleTimer);
      session.current?.(err);
      session.current = null;
      conn.close();
      onDeath(session);
    };
    // A connection's 'error' outlives the call that caused it: it is always listened to, so it never crashes the process.
    conn.on('error', die);
    conn.on('end', () => die(Object.assign(new Error('The SMTP server closed the connection'), { code: 'ECONNECTION' })));
    await new Promise<void>((resolve, reject) => {
      session.current = reject;
      conn.connect(() => {
        session.current = null;
        resolve();
      });
    });
    if (o.auth) {
      await new Promise<void>((resolve, reject) => {
        session.current = reject;
        conn.login(o.auth!, (err) => {
          session.current = null;
          if (err) reject(err);
          else resolve();
        });
      });
    }
    return session;
  }

  send(job: Job): Promise<SMTPConnection.SentMessageInfo> {
    this.messages++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const once =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A) => {
          if (settled) return;
          settled = true;
          this.current = null;
          f(...a);
        };
      this.current = once(reject);
      if (this.dead) return this.current(Object.assign(new Error('The SMTP connection is closed'), { code: 'ECONNECTION' }));
      this.conn.send(job.envelope, job.bytes, (err, info) => {
        if (!err) return once(resolve)(info);
        once(reject)(err);
        // The server refused this message but the session is fine: RSET clears the envelope for the next one.
        if (err.responseCode && !this.dead) this.resetting = new Promise((done) => this.conn.reset((e) => done(!e)));
        else this.close();
      });
    });
  }

  /** Resolves once the session may take another message: false if its RSET failed (it is closed then). */
  async ready(): Promise<boolean> {
    const ok = this.resetting ? await this.resetting : true;
    this.resetting = null;
    if (!ok) this.close();
    return ok && !this.dead;
  }

  private close() {
    this.dead = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.conn.close();
  }

  quit() {
    this.dead = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.conn.quit();
  }
}

/**
 * A pool of up to maxConnections SMTP sessions. Why not nodemailer's pool: a connection whose socket could not be
 * opened kept its slot forever there, so an outage the size of the pool left every later send waiting for good;
 * here a failed or dead connection frees its slot and fails only the message it carried, and a waiting message
 * fails after queueTimeout.
 */
class SmtpPool {
  private readonly queue: Job[] = [];
  private readonly idle: Session[] = [];
  private opening = 0;
  private busy = 0;
  private closed = false;

  constructor(private readonly o: PoolOptions) {}

  send(envelope: Job['envelope'], bytes: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    if (this.closed) return Promise.reject(new TransientDeliveryError('ECLOSED', 'The SMTP connection pool is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = {
        envelope,
        bytes,
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.queue.indexOf(job);
          if (i >= 0) this.queue.splice(i, 1);
          reject(timeoutError('Waiting for an SMTP connection'));
        }, this.o.queueTimeout),
      };
      this.queue.push(job);
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length && !this.closed) {
      const session = this.idle.pop();
      if (session) {
        if (session.idleTimer) clearTimeout(session.idleTimer);
        this.run(session, this.queue.shift()!);
      } else if (this.busy + this.opening + this.idle.length < this.o.maxConnections && this.opening < this.queue.length) {
        this.connect();
      } else return;
    }
  }

  /** Opens one session; if it cannot be opened, the message first in line fails with the reason (and the slot frees). */
  private connect() {
    this.opening++;
    Session.open(this.o, (s) => this.forget(s)).then(
      (s) => {
        this.opening--;
        if (this.closed) return s.quit();
        this.release(s);
      },
      (err) => {
        this.opening--;
        const job = this.queue.shift();
        if (job) {
          clearTimeout(job.timer);
          job.reject(err);
        }
        this.pump();
      },
    );
  }

  private async run(session: Session, job: Job) {
    clearTimeout(job.timer);
    this.busy++;
    await session.send(job).then(job.resolve, job.reject);
    await session.ready();
    this.busy--;
    this.release(session);
  }

  /** A session back from work: reused, retired after maxMessages, or dropped when dead. */
  private release(session: Session) {
    if (!session.dead && !this.closed) {
      if (session.messages >= this.o.maxMessages) session.quit();
      else {
        session.idleTimer = setTimeout(() => {
          this.forget(session);
          session.quit();
        }, this.o.idleTimeout);
        session.idleTimer.unref?.();
        this.idle.push(session);
      }
    }
    this.pump();
  }

  /** True when a session is open or one can be opened now (it then joins the pool for the next message). */
  async probe(): Promise<boolean> {
    if (this.closed) return false;
    if (this.idle.some((s) => !s.dead)) return true;
    try {
      const session = await Session.open(this.o, (s) => this.forget(s));
      this.release(session);
      return true;
    } catch {
      return false;
    }
  }

  private forget(session: Session) {
    const i = this.idle.indexOf(session);
    if (i >= 0) this.idle.splice(i, 1);
    this.pump();
  }

  close() {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.timer);
      job.reject(new TransientDeliveryError('ECLOSED', 'The SMTP connection pool is closed'));
    }
    for (const s of this.idle.splice(0)) s.quit();
  }
}

/** The SMTP_URL's settings over the defaults (numbers in the query arrive as numbers). */
export function smtpOptions(url: string): PoolOptions {
  return { ...SMTP_DEFAULTS, ...(parseConnectionUrl(url) as Partial<PoolOptions>) };
}

/** The Message-ID header: stable per (campaign, step, recipient) when the caller names it, so receivers can drop a resent copy. */
export function messageIdHeader(stableId: string | undefined, sender: string): string {
  return `<${stableId ?? randomUUID()}@${sender.split('@')[1] ?? 'herald.local'}>`;
}

/**
 * A pooled SMTP transport: up to 5 open connections (unless SMTP_URL says otherwise) without Nagle delays, each reused
 * for as many messages as the server allows; every message is built once by buildMime and sent as bytes.
 */
export function createSmtpTransport(url: string, mailFrom = env().MAIL_FROM): Transport {
  const pool = new SmtpPool(smtpOptions(url));
  return {
    kind: 'smtp',
    async send(email) {
      assertDeliverable(email.to);
      const from = email.from ?? mailFrom;
      const sender = parseMailbox(from).address;
      const providerMessageId = messageIdHeader(email.stableId, sender);
      const bytes = buildMime(email, from, providerMessageId);
      try {
        const info = await pool.send({ from: sender, to: [email.to] }, bytes);
        return { providerMessageId, accepted: info.accepted.length > 0 };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      pool.close();
    },
    reachable: () => pool.probe(),
  };
}
