import { db } from '@/lib/db';

/**
 * Sign-in throttling, counted in PostgreSQL so every server instance shares it. Each attempt reserves a slot
 * atomically (one upsert per key) before its password is checked, so concurrent guesses can never get past a limit:
 * - per IP: SIGN_IN_MAX_PER_IP attempts a window, whichever accounts they name;
 * - per (account, IP): SIGN_IN_MAX_FAILURES attempts a window;
 * - per account: after SIGN_IN_MAX_FAILURES attempts from anywhere, only an IP that has not tried this account in
 *   the window gets its one try. Others can slow an account down but never lock its owner out.
 * A successful sign-in clears its account's counters and gives its IP slot back.
 */
export const SIGN_IN_WINDOW_MS = 60_000;
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_MAX_PER_IP = 20;

const normalise = (email: string) => email.trim().toLowerCase();

const keysOf = (email: string, ip: string) => {
  const account = normalise(email);
  return { ip: `ip:${ip}`, account: `account:${account}`, pair: `pair:${account}|${ip}` };
};

/** Counts one attempt on `key` (a new window when the last one is over); answers the count and when it resets. */
async function reserve(key: string, now: Date): Promise<{ attempts: number; resetAt: Date }> {
  const windowSeconds = SIGN_IN_WINDOW_MS / 1000;
  const [row] = await db.$queryRaw<{ attempts: number; window_start: Date }[]>`
    INSERT INTO sign_in_throttles (key, attempts, window_start) VALUES (${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN sign_in_throttles.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSeconds}) THEN 1 ELSE sign_in_throttles.attempts + 1 END,
      window_start = CASE WHEN sign_in_throttles.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSeconds}) THEN ${now} ELSE sign_in_throttles.window_start END
    RETURNING attempts, window_start`;
  return { attempts: Number(row.attempts), resetAt: new Date(row.window_start.getTime() + SIGN_IN_WINDOW_MS) };
}

const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

/**
 * Reserves this attempt's slots: 0 when its password may be checked, else the seconds to wait (answer 429 with
 * Retry-After). Call before checking the password, and signInSucceeded after a correct one.
 */
export async function reserveSignInAttempt(email: string, ip: string, now = new Date()): Promise<number> {
  const keys = keysOf(email, ip);
  const byIp = await reserve(keys.ip, now);
  if (byIp.attempts > SIGN_IN_MAX_PER_IP) return secondsUntil(byIp.resetAt, now);
  const byPair = await reserve(keys.pair, now);
  if (byPair.attempts > SIGN_IN_MAX_FAILURES) return secondsUntil(byPair.resetAt, now);
  const byAccount = await reserve(keys.account, now);
  if (byAccount.attempts > SIGN_IN_MAX_FAILURES && byPair.attempts > 1) return secondsUntil(byAccount.resetAt, now);
  // Old windows are worthless; trimming them here keeps the table small without a cron.
  if (Math.random() < 0.05) await db.signInThrottle.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - 10 * SIGN_IN_WINDOW_MS) } } });
  return 0;
}

/** The right password: the account starts afresh, and the IP's slot is given back (a busy office is not a guesser). */
export async function signInSucceeded(email: string, ip: string): Promise<void> {
  const keys = keysOf(email, ip);
  await db.signInThrottle.deleteMany({ where: { key: { in: [keys.account, keys.pair] } } });
  await db.signInThrottle.updateMany({ where: { key: keys.ip, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
}

/** The client's IP as the nearest proxy reports it; one shared bucket for callers that give none. */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const get = (name: string) => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  // The last hop is the one our own proxy appended; earlier entries are whatever the client claimed.
  return get('x-forwarded-for')?.split(',').pop()?.trim() || get('x-real-ip')?.trim() || 'unknown';
}
