import { networkInterfaces } from 'node:os';

// `next dev` prints this machine's LAN address as "Network"; its dev resources must load from there and from 127.0.0.1.
const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((i) => i && i.family === 'IPv4' && !i.internal)
  .map((i) => i.address);

/** @type {import('next').NextConfig} */
const nextConfig = {
  allowedDevOrigins: ['localhost', '127.0.0.1', ...lanAddresses],
  // Native and wasm engines must stay outside server bundles: they are loaded from node_modules at run time.
  serverExternalPackages: [
    'chdb',
    '@chdb/lib-linux-x64-gnu',
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/schema-engine-wasm',
    'pg',
    'nodemailer',
    'ioredis',
  ],
  // Keep the 540 MB chDB library and PGlite out of Vercel functions; production uses CLICKHOUSE_URL and DATABASE_URL.
  outputFileTracingExcludes: {
    '*': [
      'node_modules/chdb/**',
      'node_modules/@chdb/**',
      'node_modules/@electric-sql/pglite/**',
      'node_modules/pglite-prisma-adapter/**',
      'node_modules/typescript/**',
      'node_modules/@prisma/schema-engine-wasm/**',
      '.data/**',
    ],
  },
  // Migrations are read at run time (embedded PGlite, ClickHouse on start), so functions must carry them.
  outputFileTracingIncludes: {
    '*': ['prisma/migrations/**/*', 'clickhouse/migrations/**/*'],
  },
  // `npm test` type-checks with every dependency installed; a deployment leaves out the optional embedded engines,
  // whose types the build would then miss.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Tremor's entry re-exports its whole library (and recharts with it); importing only the charts a page uses keeps
  // the first compile of a dashboard and its client bundle small.
  experimental: { optimizePackageImports: ['@tremor/react'] },
  poweredByHeader: false,
};

export default nextConfig;
