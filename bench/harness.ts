/** What one benchmark scenario reports: Herald's figure beside a baseline measured in the same run. */
export interface ScenarioResult {
  herald: number;
  baseline: number | null;
  unit: string;
  /** herald ÷ baseline for throughputs, baseline ÷ herald for latencies: above 1 means Herald wins. */
  ratio: number | null;
  goal: string;
  met: boolean;
  notes?: string;
}

export interface Scenario {
  name: string;
  run(options: { quick: boolean }): Promise<ScenarioResult>;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function timeRuns(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Times several functions taking turns (a, b, c, a, b, c, …), so each sees the same moments of the run: timed one after
 * another, whichever went first paid for cold caches and the tail of a bulk load's background work.
 */
export async function timeInterleaved<K extends string>(fns: Record<K, () => Promise<unknown>>, runs: number, warmup = 2): Promise<Record<K, number[]>> {
  const names = Object.keys(fns) as K[];
  const out = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + runs; i++) {
    for (const name of names) {
      const t0 = performance.now();
      await fns[name]();
      if (i >= warmup) out[name].push(performance.now() - t0);
    }
  }
  return out;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
