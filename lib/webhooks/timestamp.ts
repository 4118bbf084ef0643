import { unauthorized } from '@/lib/http/errors';

/** A signed webhook dated further than this from now is refused, so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Throws a 401 unless `timestamp` (unix seconds, as signed) is within the tolerance of `now`, either way. */
export function requireFreshTimestamp(timestamp: string, now = new Date()): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw unauthorized('Malformed signature timestamp');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    throw unauthorized(`Signature timestamp outside the ${SIGNATURE_TOLERANCE_SECONDS / 60}-minute tolerance`);
  }
}
