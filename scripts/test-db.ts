/** `tsx scripts/test-db.ts create BASE_URL PREFIX` prints a fresh migrated database URL; `drop BASE_URL URL` removes it. */
import pg from 'pg';
import { createTestDatabase } from '../tests/setup/pg';

async function main() {
  const [cmd, base, arg] = process.argv.slice(2);
  if (cmd === 'create') {
    const db = await createTestDatabase(base, arg ?? 'herald_e2e');
    console.log(db.url);
  } else if (cmd === 'drop') {
    const name = new URL(arg).pathname.slice(1);
    if (!/^herald_(e2e|test|bench)_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  } else throw new Error('usage: test-db.ts create BASE_URL [PREFIX] | drop BASE_URL URL');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
