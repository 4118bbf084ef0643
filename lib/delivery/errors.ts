const BRAND = Symbol.for('herald.deliveryError');

/** A failed hand-off to the mail server, with the SMTP code (or socket error code) and the server's words. */
export abstract class DeliveryError extends Error {
  abstract readonly transient: boolean;
  readonly [BRAND] = true;
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * Why not `instanceof`: the process shares one transport across Next.js server bundles, each of which may load
 * its own copy of this module, so an error thrown by the transport is recognised by its brand.
 */
export function isDeliveryError(err: unknown): err is DeliveryError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** Worth retrying later: the server said "try again" (4xx) or could not be reached. */
export class TransientDeliveryError extends DeliveryError {
  readonly transient = true;
  readonly name = 'TransientDeliveryError';
}

/** Retrying will not help: the server refused for good (5xx) or the address cannot receive mail. */
export class PermanentDeliveryError extends DeliveryError {
  readonly transient = false;
  readonly name = 'PermanentDeliveryError';
}

const NETWORK_CODES = new Set([
  'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ECONNECTION', 'ESOCKET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EDNS', 'ETLS', 'ECONNABORTED',
]);

/**
 * Network failures that say the server is not there at all, which a probe can tell has ended. Not a TLS failure (a
 * setting a probe would fail on for good) nor EPIPE (a write into a connection the other codes already reported).
 */
const UNREACHABLE_CODES = new Set([...NETWORK_CODES].filter((code) => code !== 'ETLS' && code !== 'EPIPE'));

/** The server could not be reached, as opposed to a reply about this one message. */
export const isServerUnreachable = (e: DeliveryError): boolean => e.transient && UNREACHABLE_CODES.has(e.code);

interface SmtpLikeError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Sorts a nodemailer failure: an SMTP reply code decides when there is one (4xx transient, 5xx permanent);
 * otherwise network trouble is transient, and a refused envelope or message permanent. Unknown failures are
 * treated as transient, so a message is retried rather than dropped on a hiccup we did not foresee.
 */
export function classifySmtpError(err: unknown): DeliveryError {
  if (isDeliveryError(err)) return err;
  const e = (err ?? {}) as SmtpLikeError;
  const reason = (e.response ?? e.message ?? String(err)).trim().slice(0, 1000);
  if (typeof e.responseCode === 'number') {
    const code = String(e.responseCode);
    if (e.responseCode >= 500) return new PermanentDeliveryError(code, reason);
    if (e.responseCode >= 400) return new TransientDeliveryError(code, reason);
  }
  const code = e.code ?? 'UNKNOWN';
  if (NETWORK_CODES.has(code)) return new TransientDeliveryError(code, reason);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new PermanentDeliveryError(code, reason);
  return new TransientDeliveryError(code, reason);
}
