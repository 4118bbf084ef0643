/**
 * The embedded engines (PGlite and chDB) are optional dependencies: installed by `npm install` on one machine, left
 * out of a deployment. They are loaded through a specifier the bundler and output tracing cannot follow, so no
 * serverless function carries them; Node resolves it from `node_modules` where they are installed.
 */
interface EmbeddedModules {
  'chdb/connection': typeof import('chdb/connection');
  '@electric-sql/pglite': typeof import('@electric-sql/pglite');
  'pglite-prisma-adapter': typeof import('pglite-prisma-adapter');
}

export async function loadEmbedded<K extends keyof EmbeddedModules>(specifier: K): Promise<EmbeddedModules[K]> {
  const name: string = specifier;
  try {
    return (await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ name)) as EmbeddedModules[K];
  } catch (err) {
    throw new Error(`${specifier} is not installed: embedded engines come with \`npm install\` (set DATABASE_URL and CLICKHOUSE_URL to run without them). ${(err as Error).message}`);
  }
}
