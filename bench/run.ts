/**
 * `npm run bench [-- --quick] [-- --only NAME]`: each scenario makes its own data, runs Herald's path and a baseline
 * side by side, and prints one row. Results also go to bench/results/latest.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Scenario, ScenarioResult } from './harness';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

// Benchmarks never touch the app's own data: chDB and PGlite live in a scratch folder for this run.
const scratch = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
process.env.CHDB_PATH = path.join(scratch, 'chdb');
delete process.env.CLICKHOUSE_URL;
// A fresh PostgreSQL database per run (BENCH_DATABASE_URL names the server), dropped at the end.
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const { createTestDatabase } = await import('../tests/setup/pg');
const benchDb = await createTestDatabase(pgBase, 'herald_bench');
process.env.DATABASE_URL = benchDb.url;

const { overview, overviewAtScale } = await import('./scenarios/overview');
const { stats } = await import('./scenarios/stats');
const { dispatchThroughput, dispatchWithControls } = await import('./scenarios/dispatch');
const { pauseScenario } = await import('./scenarios/pause');
const { activation } = await import('./scenarios/activation');
const { ingestion } = await import('./scenarios/ingestion');
const { freshness } = await import('./scenarios/freshness');
const { segmentCount } = await import('./scenarios/segment-count');
const { csvImport } = await import('./scenarios/csv-import');
const { callsScenario } = await import('./scenarios/calls');
const { closeClickHouse } = await import('@/lib/clickhouse');
const { disconnectDb } = await import('@/lib/db');

// Overview at scale runs last: chDB keeps merging its 100M rows for minutes, which would load the scenarios after it.
const scenarios: Scenario[] = [activation, overview, stats, ingestion, freshness, segmentCount, csvImport, dispatchThroughput, dispatchWithControls, pauseScenario, callsScenario, overviewAtScale];
// `--only NAME` picks the scenario of that exact name, else every scenario whose name contains it.
const exact = scenarios.filter((x) => x.name === only);
const chosen = !only ? scenarios : exact.length ? exact : scenarios.filter((x) => x.name.includes(only));

const rows: (ScenarioResult & { scenario: string; error?: string })[] = [];
for (const s of chosen) {
  process.stdout.write(`running ${s.name}${quick ? ' (quick)' : ''}…\n`);
  try {
    // The machine is shared: the 1-minute load average before and after says how far to trust the figures.
    const before = loadavg()[0];
    const result = await s.run({ quick });
    const load = `load average ${before.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
    rows.push({ scenario: s.name, ...result, notes: result.notes ? `${result.notes}; ${load}` : load });
  } catch (err) {
    rows.push({ scenario: s.name, herald: NaN, baseline: null, unit: '', ratio: null, goal: '', met: false, error: (err as Error).message });
  }
}
await closeClickHouse();
await disconnectDb();
await benchDb.drop();
rmSync(scratch, { recursive: true, force: true });

const table = rows.map((r) => ({
  scenario: r.scenario,
  herald: r.error ? `error: ${r.error}` : `${r.herald} ${r.unit}`,
  baseline: r.baseline === null ? '—' : `${r.baseline} ${r.unit}`,
  ratio: r.ratio === null ? '—' : `${r.ratio}×`,
  goal: r.goal,
  met: r.met ? 'yes' : 'no',
}));
console.table(table);
for (const r of rows) if (r.notes) console.log(`- ${r.scenario}: ${r.notes}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), quick, rows }, null, 2));
