#!/usr/bin/env node
// Offline stand-in for Prisma's native schema engine: speaks the CLI's JSON-RPC protocol on
// stdin/stdout and forwards to @prisma/schema-engine-wasm, talking to PostgreSQL via @prisma/adapter-pg.
// The Prisma CLI runs it when PRISMA_SCHEMA_ENGINE_BINARY points here (see prisma.config.ts).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { parse as parsePgUrl } from 'pg-connection-string';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// An unexpected JS error becomes an ERROR log line, which the CLI shows as the reason the engine stopped.
process.on('uncaughtException', (e) => {
  process.stderr.write(JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { message: e?.stack ?? String(e) } }) + '\n');
  process.exit(1);
});

const args = process.argv.slice(2);
const argValues = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const datasource = JSON.parse(argValues('--datasource')[0] ?? '{}');

// Node 20 cannot `import` a .wasm module, so instantiate it by hand the way the package's entry would.
globalThis.PRISMA_WASM_PANIC_REGISTRY = { message: '', set_message(m) { this.message = m; } };
const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const bg = await import(bgUrl);
const { instance } = await WebAssembly.instantiate(readFileSync(new URL('schema_engine_bg.wasm', bgUrl)), { './schema_engine_bg.js': bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

if (args.includes('--version')) {
  console.log(`schema-engine-wasm ${bg.version()}`);
  process.exit(0);
}

// Discrete host/port/user/database fields, because a connectionString would override `database` for the shadow DB.
function pgConfig(url, database) {
  const cfg = Object.fromEntries(Object.entries(parsePgUrl(url)).filter(([, v]) => v != null));
  return database ? { ...cfg, database } : cfg;
}
const schemaOption = (url) => ({ schema: new URL(url).searchParams.get('schema') ?? undefined });

// Replace an adapter-pg method once, on whichever prototype defines it (all its queryables share them).
function patchMethod(adapter, name, makeReplacement) {
  let proto = adapter;
  while (proto && !Object.hasOwn(proto, name)) proto = Object.getPrototypeOf(proto);
  if (proto && !proto[name].patched) proto[name] = Object.assign(makeReplacement(proto[name]), { patched: true });
}
function fixAdapter(adapter) {
  // adapter-pg cannot map PostgreSQL's internal "char" type (OID 18) that catalog queries return, so relabel it as text.
  patchMethod(adapter, 'performIO', (performIO) => async function (...a) {
    const result = await performIO.apply(this, a);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  });
  // adapter-pg splits scripts at every ";", breaking migrations with function bodies, DO blocks or ';' in strings;
  // send the whole script as one simple query instead, like the native engine.
  patchMethod(adapter, 'executeScript', () => async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  });
  return adapter;
}

// Adapter factory for the wasm engine; the shadow DB is our own so it can be torn down in the right order.
const factory = {
  provider: 'postgres',
  adapterName: '@prisma/adapter-pg',
  connect: async () => fixAdapter(await new PrismaPg(pgConfig(datasource.url), schemaOption(datasource.url)).connect()),
  async connectToShadowDb() {
    if (datasource.shadowDatabaseUrl) {
      // A configured shadow DB may hold leftovers from an earlier run; the native engine wipes it too
      // (plain pg here, since the adapter's executeScript splits a DO block at its semicolons).
      const client = new pg.Client(pgConfig(datasource.shadowDatabaseUrl));
      await client.connect();
      await client.query(`DO $$ DECLARE s text; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
        LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; CREATE SCHEMA public; END $$`);
      await client.end();
      return fixAdapter(await new PrismaPg(pgConfig(datasource.shadowDatabaseUrl), schemaOption(datasource.shadowDatabaseUrl)).connect());
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = await factory.connect();
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = fixAdapter(await new PrismaPg(pgConfig(datasource.url, name), schemaOption(datasource.url)).connect());
    const closeShadow = shadow.dispose.bind(shadow);
    // Close our own pool before dropping, and FORCE so a lingering connection cannot block the drop.
    shadow.dispose = async () => {
      await closeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  },
};

// `cli can-connect-to-database` / `cli create-database` are plain runs judged by exit code, with errors as JSON logs on stderr.
if (args.includes('cli')) {
  const command = args[args.indexOf('cli') + 1];
  const cfg = pgConfig(datasource.url);
  const where = `${cfg.host ?? 'localhost'}:${cfg.port ?? 5432}`;
  const log = (level, fields) => process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' }) + '\n');
  // The CLI ignores the first stderr line, so start with an informational one.
  log('INFO', { message: `Starting schema engine CLI: ${command}` });
  try {
    const client = new pg.Client(command === 'create-database' ? { ...cfg, database: 'postgres' } : cfg);
    await client.connect();
    if (command === 'create-database') await client.query(`CREATE DATABASE "${cfg.database.replaceAll('"', '""')}"`);
    else if (command !== 'can-connect-to-database') throw new Error(`Unsupported cli command: ${command}`);
    await client.end();
    process.exit(0);
  } catch (e) {
    const [error_code, message] =
      e.code === '3D000' ? ['P1003', `Database \`${cfg.database}\` does not exist on the database server at \`${where}\`.`]
      : e.code === '28P01' || e.code === '28000' ? ['P1000', `Authentication failed against database server at \`${where}\`: ${e.message}`]
      : e.code?.length === 5 ? ['P1010', e.message]
      : ['P1001', `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`];
    log('ERROR', { error_code, message });
    process.exit(1);
  }
}

// The engine needs at least one schema to know the provider, even for `migrate diff` where the CLI sends none.
const datamodels = argValues('--datamodels').map((file) => [file, readFileSync(file, 'utf8')]);
if (datamodels.length === 0) datamodels.push(['schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n']);
const logLine = (line) => process.stderr.write(`${typeof line === 'string' ? line.trimEnd() : JSON.stringify(line)}\n`);
// The wasm engine expects adapter calls to return { ok, value } results, which the bind helper provides.
// Not awaited here: a failed connection must come back as the first request's JSON-RPC error, as with the native engine.
const enginePromise = bg.SchemaEngine.new({ datamodels }, logLine, bindMigrationAwareSqlAdapterFactory(factory));
enginePromise.catch(() => {});

const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
const awaitingCli = new Map();
let ownId = 0;
// Ask the CLI to do something (only `print` exists) and wait for its answer.
const requestCli = (method, params) => new Promise((resolve) => {
  const id = `engine-${++ownId}`;
  awaitingCli.set(id, resolve);
  send({ id, method, params });
});

// Shape errors like the native engine so the CLI shows error codes and panics properly.
function toRpcError(e) {
  const panic = e instanceof WebAssembly.RuntimeError;
  const message = panic ? globalThis.PRISMA_WASM_PANIC_REGISTRY.message || String(e) : e?.message ?? String(e);
  const data = { is_panic: panic, message, meta: null, error_code: /^P\d{4}$/.test(e?.code) ? e.code : null };
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

const inFlight = new Set();
async function handle({ id, method, params }) {
  try {
    const engine = await enginePromise;
    const name = method === 'getDatabaseVersion' ? 'version' : method;
    if (typeof engine[name] !== 'function' || name === 'free' || name === 'new') {
      return send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
    }
    let result;
    try {
      result = (await engine[name](params ?? {})) ?? {};
    } catch (e) {
      // evaluateDataLoss/createMigration replay migrations only from a cache that devDiagnostic fills, and it skipped
      // the ones applied since (e.g. a teammate's): fill it via diagnoseMigrationHistory, which may use the shadow DB.
      if (!/shadow DB must be provided through an external factory/.test(e?.message) || !params?.migrationsList) throw e;
      await engine.diagnoseMigrationHistory({ migrationsList: params.migrationsList, optInToShadowDatabase: true, filters: params.filters ?? { externalTables: [], externalEnums: [] } });
      result = (await engine[name](params)) ?? {};
    }
    // The CLI prints only what it receives as `print` requests, and it must see them before the response.
    if (method === 'diff' && result.stdout) await requestCli('print', { content: result.stdout.replace(/\n$/, '') });
    send({ id, result });
  } catch (e) {
    send({ id, error: toRpcError(e) });
  }
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.method === undefined) return awaitingCli.get(message.id)?.(message.result), awaitingCli.delete(message.id);
  const job = handle(message).finally(() => inFlight.delete(job));
  inFlight.add(job);
});
// The CLI closes stdin when done; pg pools would otherwise keep the process alive.
rl.on('close', async () => {
  await Promise.allSettled([...inFlight]);
  process.exit(0);
});
