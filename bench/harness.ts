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

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
