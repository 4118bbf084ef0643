import { formatWithOptions } from 'node:util';

/** Variables whose whole value is a secret; anything containing one is redacted before it is logged. */
const SECRET_VARIABLES = ['NEXTAUTH_SECRET', 'AUTH_SECRET', 'INNGEST_SIGNING_KEY', 'INNGEST_SIGNING_KEY_FALLBACK', 'INNGEST_EVENT_KEY', 'HERALD_WEBHOOK_SECRET', 'CLICKHOUSE_PASSWORD'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes secrets from a line about to be logged: configured secret values, the password of any `scheme://user:pass@`
 * URL (database, SMTP, Redis), and anything shaped like a Herald API key. Errors from drivers often echo these.
 */
export function redactSecrets(text: string): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1[redacted]@')
    .replace(/\bhk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}/g, 'hk_[redacted]');
  for (const name of SECRET_VARIABLES) {
    const value = process.env[name];
    // Short values would redact ordinary words; env validation asks for 16+ characters where it matters.
    if (value && value.length >= 8) out = out.replace(new RegExp(escape(value), 'g'), '[redacted]');
  }
  return out;
}

/** console.error for an unexpected failure: the error with its stack for the operator, secrets removed. */
export function logError(message: string, err?: unknown): void {
  console.error(redactSecrets(err === undefined ? message : formatWithOptions({ colors: false }, '%s %O', message, err)));
}

/** One value of a library's log call as text: an error by its name and message only, since its stack is ours. */
function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, v]) => `${key}=${v instanceof Error ? describe(v) : typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
  }
  return String(value);
}

/**
 * A logger for libraries that take one (Inngest's SDK): each entry is one redacted line with a prefix, errors without
 * their stacks, debug dropped. A refused request (a bad signature) is routine on a public URL and worth one line.
 */
export function libraryLogger(prefix: string) {
  const line = (args: unknown[]) => redactSecrets(`[${prefix}] ${args.map(describe).join(' ')}`);
  return {
    debug: (...args: unknown[]) => void args,
    info: (...args: unknown[]) => console.log(line(args)),
    warn: (...args: unknown[]) => console.warn(line(args)),
    error: (...args: unknown[]) => console.error(line(args)),
  };
}
