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
