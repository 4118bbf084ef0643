import type { Transport } from '@/lib/delivery/outgoing';

/**
 * The delivery breaker: once a transport's server cannot be reached, dispatch stops sending through it (the rest of the
 * batch goes back untouched, no attempt spent) and asks it every PROBE_INTERVAL_MS whether the server answers again,
 * instead of failing every message into a long backoff. Only transports that can be probed take part.
 */
export const PROBE_INTERVAL_MS = 5_000;

const unreachable = new WeakSet<Transport>();

/** Opens the breaker for a transport that can be probed; true when it did (the failed message then retries soon). */
export function markUnreachable(transport: Transport): boolean {
  if (!transport.reachable) return false;
  unreachable.add(transport);
  return true;
}

export const isMarkedUnreachable = (transport: Transport) => unreachable.has(transport);

/** Whether dispatch may send through the transport: yes unless its breaker is open and a probe gets no answer. */
export async function transportAnswers(transport: Transport): Promise<boolean> {
  if (!unreachable.has(transport)) return true;
  if (!(await transport.reachable!().catch(() => false))) return false;
  unreachable.delete(transport);
  return true;
}
