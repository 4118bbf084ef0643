#!/usr/bin/env node
// After `next build`: what each server function would carry to Vercel, from Next's own output traces (*.nft.json).
// Fails when a function's files add up to more than the limit or include an embedded engine, the TypeScript compiler
// or test tooling. Prints the largest functions either way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const LIMIT_BYTES = 50 * 1024 * 1024;
const FORBIDDEN = [
  ['PGlite', /node_modules\/(@electric-sql\/pglite|pglite-prisma-adapter)\//],
  ['chDB', /node_modules\/(chdb|@chdb)\//],
  ['typescript', /node_modules\/typescript\//],
  ['test tooling', /node_modules\/(vitest|@vitest|@playwright|playwright|playwright-core|@inngest\/test|fast-check|smtp-server)\//],
];

const root = path.resolve(process.argv[2] ?? '.next');
const traces = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.nft.json')) traces.push(full);
  }
};
walk(path.join(root, 'server'));

const sizes = new Map();
const sizeOf = (file) => {
  if (!sizes.has(file)) {
    try {
      const s = statSync(file);
      sizes.set(file, s.isFile() ? s.size : 0);
    } catch {
      sizes.set(file, 0);
    }
  }
  return sizes.get(file);
};

const problems = [];
const rows = [];
for (const trace of traces) {
  const { files } = JSON.parse(readFileSync(trace, 'utf8'));
  const dir = path.dirname(trace);
  const fn = path.relative(root, trace).replace(/\.nft\.json$/, '');
  let bytes = sizeOf(trace.replace(/\.nft\.json$/, ''));
  for (const f of files) {
    const abs = path.resolve(dir, f);
    bytes += sizeOf(abs);
    const rel = path.relative(process.cwd(), abs);
    for (const [name, re] of FORBIDDEN) if (re.test(rel)) problems.push(`${fn}: carries ${name} (${rel})`);
  }
  rows.push({ fn, bytes });
  if (bytes > LIMIT_BYTES) problems.push(`${fn}: ${(bytes / 1048576).toFixed(1)} MB, over ${LIMIT_BYTES / 1048576} MB`);
}
rows.sort((a, b) => b.bytes - a.bytes);
console.log(`${traces.length} function traces; largest:`);
for (const r of rows.slice(0, 5)) console.log(`  ${(r.bytes / 1048576).toFixed(1).padStart(6)} MB  ${r.fn}`);
const unique = [...new Set(problems)];
if (traces.length === 0) unique.push('no traces found: run `next build` first');
for (const p of unique.slice(0, 40)) console.error(`  ${p}`);
if (unique.length > 40) console.error(`  … and ${unique.length - 40} more`);
process.exit(unique.length ? 1 : 0);
