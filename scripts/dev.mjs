#!/usr/bin/env node
// `npm run dev`: generate the Prisma client if needed, prepare and seed the database, then serve on :3000.
import { spawnSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

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
const child = spawn('npx', ['next', 'dev', '--port', port, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
