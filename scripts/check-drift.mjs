#!/usr/bin/env node
// Fails when prisma/schema.prisma and prisma/migrations disagree, i.e. someone changed the schema without a migration.
// Usage: node scripts/check-drift.mjs [extra `prisma migrate diff` flags, e.g. --script]
// Needs a reachable PostgreSQL (DATABASE_URL or the prisma.config.ts default) to build the throwaway shadow database.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'node_modules/prisma/build/index.js');
const args = ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma/schema.prisma', '--exit-code', ...process.argv.slice(2)];

// Run the CLI from the repo root so it picks up prisma.config.ts (and with it the offline schema engine).
const { status, error } = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });

if (status === 0) {
  console.log('✔ No drift: prisma/migrations matches prisma/schema.prisma.');
  process.exit(0);
} else if (status === 2) {
  console.error('✖ Drift detected: prisma/schema.prisma has changes with no migration (see the diff above).');
  console.error('  Create one with: npx prisma migrate dev --name <change>');
  process.exit(2);
}
console.error(`✖ Drift check failed to run (prisma exited with ${error ? error.message : `status ${status}`}).`);
process.exit(1);
