// Prisma CLI configuration (Prisma 7: connection URLs live here, not in schema.prisma).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// No native schema engine can be downloaded offline, so fall back to the wasm-based one in scripts/.
const hasNativeEngine = ['node_modules/@prisma/engines', 'node_modules/prisma'].some((dir) => {
  const abs = path.join(root, dir);
  return existsSync(abs) && readdirSync(abs).some((f) => f.startsWith('schema-engine-'));
});
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeEngine) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, 'scripts/prisma-schema-engine.mjs');
}

// On one machine `npm run db:migrate` works against a local server without configuration; a deployment must name
// its database, so there a missing DATABASE_URL is an error rather than a misleading "can't reach 127.0.0.1".
const serverless = Boolean(process.env.VERCEL) || ['1', 'true'].includes(process.env.HERALD_SERVERLESS ?? '');
const url = process.env.DATABASE_URL ?? (serverless ? undefined : 'postgresql://postgres@127.0.0.1:5432/herald_dev');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    ...(url ? { url } : {}),
    ...(process.env.SHADOW_DATABASE_URL ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
