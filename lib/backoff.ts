/** Exponential backoff: `baseMs` before the first retry, twice as long before each next one, never above `capMs`. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 600_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
