import { db } from '@/lib/db';

export const SIGN_IN_WINDOW_MS = 60_000;
export const SIGN_IN_MAX_FAILURES = 5;

const normalise = (email: string) => email.trim().toLowerCase();

/** Seconds until this email may try again, or 0 when it is not throttled. Shared by every server instance. */
export async function signInRetryAfter(email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const failures = await db.signInFailure.findMany({
    where: { email: normalise(email), createdAt: { gt: since } },
    orderBy: { createdAt: 'desc' },
    take: SIGN_IN_MAX_FAILURES,
    select: { createdAt: true },
  });
  if (failures.length < SIGN_IN_MAX_FAILURES) return 0;
  const oldest = failures[failures.length - 1].createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + SIGN_IN_WINDOW_MS - now.getTime()) / 1000));
}

export async function recordSignInFailure(email: string): Promise<void> {
  await db.signInFailure.create({ data: { email: normalise(email) } });
  // Old rows are worthless; trimming them here keeps the table tiny without a cron.
  await db.signInFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 10 * SIGN_IN_WINDOW_MS) } } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email: normalise(email) } });
}
