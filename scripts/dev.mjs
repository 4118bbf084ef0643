#!/usr/bin/env node
// `npm run dev`: generate the Prisma client if needed, prepare and seed the database, then serve on :3000.
import { spawnSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startTwilioSimulator } from './twilio-simulator-process.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('lib/generated/prisma/client.ts')) run('npx', ['prisma', 'generate']);
run('npx', ['tsx', 'scripts/setup.ts']);

// One session key for every server bundle (pages, route handlers and the proxy), kept across restarts in .data/.
if (!process.env.NEXTAUTH_SECRET) {
  const file = '.data/auth-secret';
  if (!existsSync(file)) {
    mkdirSync('.data', { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = readFileSync(file, 'utf8').trim();
}
const port = process.env.PORT ?? '3000';

// With no Twilio account, calls and texts go to the local simulator (labelled "simulated" in the app).
let simulator = null;
if (!process.env.TWILIO_ACCOUNT_SID) {
  const host = process.argv.includes('--hostname') ? process.argv[process.argv.indexOf('--hostname') + 1] : 'localhost';
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_SIMULATED: '1',
  });
  const started = await startTwilioSimulator({ APP_URL: process.env.APP_URL ?? `http://${host}:${port}` });
  simulator = started.child;
  process.env.TWILIO_API_BASE = started.url;
  simulator.stdout.pipe(process.stdout);
  console.log(`Calls and texts go to the local Twilio simulator at ${process.env.TWILIO_API_BASE}`);
}

const child = spawn('npx', ['next', 'dev', '--port', port, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => {
  simulator?.kill('SIGTERM');
  process.exit(code ?? 0);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => {
  simulator?.kill(sig);
  child.kill(sig);
});
