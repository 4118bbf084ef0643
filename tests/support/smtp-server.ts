/** A real SMTP server on loopback for tests and journeys: records what arrives, can refuse or delay on demand. */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface Arrival {
  messageId: string;
  to: string;
  raw: string;
  at: number;
}

export interface SmtpOptions {
  /** Refuse a recipient: return [code, message] to answer RCPT TO with it, or null to accept. */
  refuse?: (address: string, tries: number) => [number, string] | null;
  /** Milliseconds the server waits before accepting each message's data. */
  delayMs?: number;
  /** Answer the n-th message's data (1-based, counted over the server's life) with [code, message] instead of accepting it. */
  refuseData?: (n: number) => [number, string] | null;
  /** Port to listen on (0: any free port). */
  port?: number;
}

/** A real SMTP server on loopback (random port) that records what arrives, by X-Herald-Message-Id. */
export async function startSmtpServer(options: SmtpOptions = {}) {
  const arrivals: Arrival[] = [];
  const tries = new Map<string, number>();
  let dataCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, cb: (err?: Error | null) => void) {
      const n = (tries.get(address.address) ?? 0) + 1;
      tries.set(address.address, n);
      const refusal = options.refuse?.(address.address, n);
      if (!refusal) return cb();
      cb(Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refusal = options.refuseData?.(++dataCount);
        if (refusal) return cb(Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }));
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^X-Herald-Message-Id:\s*(\S+)\r?$/im.exec(raw)?.[1] ?? '';
        const done = () => {
          arrivals.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address).join(','), raw, at: Date.now() });
          cb();
        };
        if (options.delayMs) setTimeout(done, options.delayMs);
        else done();
      });
    },
  });
  // A client that dies mid-conversation (a SIGKILLed dispatcher) resets its connection: expected here, not a test failure.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.error('[smtp-server]', err);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    arrivals,
    tries,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpServer>>;
