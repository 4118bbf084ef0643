#!/usr/bin/env node
// `npm test`: typecheck, lint, migration drift, Vitest, then Playwright against a production build.
// Prints a closing line `N passed, N failed` that sums every suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTwilioSimulator } from './twilio-simulator-process.mjs';

const only = new Set(process.argv.slice(2));
const want = (step) => only.size === 0 || only.has(step);
const results = [];
let passed = 0;
let failed = 0;

function run(name, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

function count(name, ok) {
  if (ok) passed++;
  else failed++;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const pgUrl = process.env.TEST_DATABASE_URL;
const scratch = mkdtempSync(path.join(tmpdir(), 'herald-npm-test-'));

if (!existsSync('lib/generated/prisma/client.ts')) run('prisma generate', 'npx', ['prisma', 'generate']);

if (want('typecheck')) count('typecheck', run('typecheck', 'npx', ['tsc', '--noEmit']));
if (want('lint')) count('lint', run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']));
if (want('drift')) {
  // The drift check builds a shadow database, so it needs a PostgreSQL server.
  const env = pgUrl ? { DATABASE_URL: pgUrl } : {};
  count('migration drift', run('migration drift', 'node', ['scripts/check-drift.mjs'], env));
}

if (want('unit')) {
  const out = path.join(scratch, 'vitest.json');
  const ok = run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const report = readJson(out);
  if (report) {
    passed += report.numPassedTests;
    // A file that fails to load has no test results of its own; count it as one failure.
    const failures = report.numFailedTests + (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    // Errors thrown outside any test (an unhandled rejection, an uncaught exception) fail the run but no test: one failure.
    failed += failures || (ok ? 0 : 1);
  } else failed++;
}

if (want('e2e')) {
  let ok = run('next build', 'npx', ['next', 'build']);
  count('next build', ok);
  // What each function would carry to Vercel: small, and without embedded engines, the compiler or test tooling.
  if (ok) count('function traces', run('function traces', 'node', ['scripts/check-traces.mjs']));
  if (ok) {
    const port = process.env.E2E_PORT ?? '3100';
    const simulatorPort = String(Number(port) + 98);
    const env = {
      CHDB_PATH: path.join(scratch, 'chdb'), NEXTAUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret', NEXTAUTH_URL: `http://127.0.0.1:${port}`, E2E_PORT: port, CI: process.env.CI ?? '',
      // Texts and calls go to the local simulator, as `npm run dev` sends them; faster than a real number's 1/s.
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(31)}9`, TWILIO_AUTH_TOKEN: 'e2e-twilio-auth-token', TWILIO_FROM_NUMBER: '+15005550006', TWILIO_SIMULATED: '1',
      TWILIO_API_BASE: `http://127.0.0.1:${simulatorPort}`, TWILIO_CALLS_PER_SECOND: '5', TWILIO_MESSAGES_PER_SECOND: '5',
    };
    let drop = null;
    if (pgUrl) {
      const made = spawnSync('npx', ['tsx', 'scripts/test-db.ts', 'create', pgUrl, 'herald_e2e'], { encoding: 'utf8' });
      const url = made.stdout.trim().split('\n').pop();
      if (made.status !== 0 || !url) {
        console.error(made.stderr);
        count('e2e database', false);
        ok = false;
      } else {
        env.DATABASE_URL = url;
        drop = () => spawnSync('npx', ['tsx', 'scripts/test-db.ts', 'drop', pgUrl, url], { stdio: 'inherit' });
      }
    } else {
      env.PGLITE_PATH = path.join(scratch, 'pglite');
    }
    if (ok && run('e2e seed', 'npx', ['tsx', 'scripts/setup.ts'], env)) {
      const out = path.join(process.cwd(), 'test-results', 'e2e-results.json');
      rmSync(out, { force: true });
      const simulator = await startTwilioSimulator({ ...env, SIMULATOR_PORT: simulatorPort, SIMULATOR_DELAY_MS: '300', APP_URL: `http://127.0.0.1:${port}` })
        .then(({ child }) => {
          child.stdout.resume(); // nothing reads its output here: drained so it never blocks on a full pipe
          return child;
        })
        .catch((err) => {
          console.error(err.message);
          return null;
        });
      count('twilio simulator', simulator !== null);
      run('playwright', 'npx', ['playwright', 'test'], env);
      simulator?.kill('SIGTERM');
      simulator?.stdout.destroy();
      const report = readJson(out);
      if (report?.stats) {
        passed += report.stats.expected + (report.stats.flaky ?? 0);
        failed += report.stats.unexpected;
      } else failed++;
    } else if (ok) count('e2e seed', false);
    drop?.();
  }
  // The production-server journeys: the build as Vercel runs it (PostgreSQL, ClickHouse over HTTP, Inngest), and the
  // build SIGKILLed mid-dispatch and restarted.
  if (ok && pgUrl) {
    const out = path.join(process.cwd(), 'test-results', 'serverless-results.json');
    rmSync(out, { force: true });
    run('production-server journeys', 'npx', ['playwright', 'test', '--config', 'playwright.serverless.config.ts'], { TEST_DATABASE_URL: pgUrl });
    const report = readJson(out);
    if (report?.stats) {
      passed += report.stats.expected + (report.stats.flaky ?? 0);
      failed += report.stats.unexpected;
    } else failed++;
  }
}

rmSync(scratch, { recursive: true, force: true });
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
