/**
 * A token bucket for one dispatch run: `ratePerSecond` sends a second on average, bursts of at most one second's
 * worth. Why per run and in memory: the campaign's send_rate_limit protects the receiving side from one campaign's
 * burst; it is not a global quota.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = Math.min(1, ratePerSecond);
  }

  /** Resolves when one send may go out. */
  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)));
    }
  }
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, stopping early (untouched items skipped) when `stop()`
 * says so; `lane` (0 … concurrency-1) names the sequence an item runs in, one item at a time per lane.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number, lane: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const run = async (lane: number) => {
    while (next < items.length && !stop()) {
      const i = next++;
      await work(items[i], i, lane);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, (_, lane) => run(lane)));
}
