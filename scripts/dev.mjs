#!/usr/bin/env node
// `npm run dev`: generate the Prisma client if needed, prepare and seed the database, then serve on :3000.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('lib/generated/prisma/client.ts')) run('npx', ['prisma', 'generate']);
run('npx', ['tsx', 'scripts/setup.ts']);
const port = process.env.PORT ?? '3000';
const child = spawn('npx', ['next', 'dev', '--port', port, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
