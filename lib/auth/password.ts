import bcrypt from 'bcryptjs';
import { badRequest } from '@/lib/http/errors';

/** bcrypt cost of new hashes; older, cheaper hashes are replaced at the next successful sign-in. */
export const PASSWORD_COST = 12;
/** bcrypt reads only this many bytes; a longer password would be silently truncated, so it is refused instead. */
export const MAX_PASSWORD_BYTES = 72;

export const passwordTooLong = (plain: string) => Buffer.byteLength(plain, 'utf8') > MAX_PASSWORD_BYTES;
export const PASSWORD_TOO_LONG = `At most ${MAX_PASSWORD_BYTES} bytes (fewer characters when they are not plain ASCII)`;

export async function hashPassword(plain: string): Promise<string> {
  if (passwordTooLong(plain)) throw badRequest('Password too long', { password: [PASSWORD_TOO_LONG] });
  return bcrypt.hash(plain, PASSWORD_COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** Whether a stored hash is cheaper than today's cost (or unreadable) and should be replaced. */
export function needsRehash(hash: string): boolean {
  try {
    return bcrypt.getRounds(hash) < PASSWORD_COST;
  } catch {
    return true;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of nothing anyone knows, at today's cost: comparing against it when an e-mail has no account makes
 * that answer take as long as a wrong password for a real one, so timing does not reveal which e-mails exist.
 */
export function dummyHash(): Promise<string> {
  return (dummy ??= bcrypt.hash(`no account ${Math.random()}`, PASSWORD_COST));
}
