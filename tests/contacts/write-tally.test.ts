import { describe, expect, it } from 'vitest';
import { db, driverTransaction, type SqlTransaction } from '@/lib/db';
import type { ContactInput } from '@/lib/contacts/schema';
import { writeContactTally, type ExistingContacts } from '@/lib/contacts/upsert';
import { createWorkspace } from '../helpers/factory';
import { seededRandom, type SeededRandom } from '../helpers/random';

/** Text that means something to COPY, to array literals, to JSON or to SQL, and characters of every width. */
const PIECES = ['\t', '\n', '\r', '\r\n', '\\', '\\N', '\\t', '"', "'", ',', '{', '}', 'NULL', '\\"', ' ', 'é', '😀', '\u00a0', 'plain', ''];

function oddText(random: SeededRandom): string {
  let text = '';
  for (let n = random.int(5); n > 0; n--) text += random.pick(PIECES);
  return text;
}

/** Sometimes absent, sometimes null, otherwise a value. */
const maybe = <T,>(random: SeededRandom, value: () => T): T | null | undefined => (random.int(4) === 0 ? undefined : random.int(4) === 0 ? null : value());

/** A batch as the import sends it: every field kind, repeated emails, and attributes set and cleared. */
function randomBatch(random: SeededRandom, size: number): ContactInput[] {
  const bool = () => random.int(2) === 0;
  return Array.from({ length: size }, () => ({
    email: `p${random.int(12)}@example.com`,
    phone: maybe(random, () => `+4477009${String(random.int(100_000)).padStart(5, '0')}`),
    firstName: maybe(random, () => oddText(random)),
    lastName: maybe(random, () => oddText(random)),
    timeZone: maybe(random, () => random.pick(['Europe/London', 'Asia/Tokyo'])),
    locale: maybe(random, () => random.pick(['en', 'fr-CA'])),
    optInSource: maybe(random, () => oddText(random)),
    marketingOptIn: maybe(random, bool) ?? undefined,
    smsOptIn: maybe(random, bool) ?? undefined,
    whatsappOptIn: maybe(random, bool) ?? undefined,
    callOptIn: maybe(random, bool) ?? undefined,
    tags: maybe(random, () => Array.from({ length: random.int(3) }, () => oddText(random))) ?? undefined,
    attributes: maybe(random, () => ({ plan: random.int(3) === 0 ? null : oddText(random), note: oddText(random) })) ?? undefined,
  }));
}

/** What a workspace's contacts hold, compared across workspaces: everything but ids and times, and whether opt-in was stamped. */
async function storedContacts(workspaceId: string) {
  const contacts = await db.contact.findMany({
    where: { workspaceId },
    orderBy: { email: 'asc' },
    omit: { id: true, workspaceId: true, createdAt: true, updatedAt: true },
  });
  return contacts.map(({ optInAt, ...fields }) => ({ ...fields, optedInAt: optInAt !== null }));
}

/** The same statements without COPY: the path the embedded database takes. */
const withoutCopy = (sql: SqlTransaction): SqlTransaction => ({ query: sql.query });

describe('writeContactTally', () => {
  it('has COPY on the PostgreSQL driver, so the staged path below is the one imports take there', async () => {
    const copies = await driverTransaction(async (sql) => typeof sql.copyIn === 'function');
    expect(copies).toBe(Boolean(process.env.TEST_DATABASE_URL));
  });

  it('writes and counts the same whether the batch is copied in or sent as parameters', async () => {
    const random = seededRandom(20261207);
    for (let round = 0; round < 12; round++) {
      const existing: ExistingContacts = round % 3 === 2 ? 'skip' : 'update';
      const [copied, sent] = await Promise.all([createWorkspace('Copied'), createWorkspace('Sent')]);
      for (let step = 0; step < 4; step++) {
        const batch = randomBatch(random, 1 + random.int(25));
        const viaCopy = await driverTransaction((sql) => writeContactTally(sql, copied.workspace.id, batch, existing));
        const viaParams = await driverTransaction((sql) => writeContactTally(withoutCopy(sql), sent.workspace.id, batch, existing));
        expect(viaCopy, `seed round ${round} step ${step}`).toEqual(viaParams);
        expect(viaCopy.created + viaCopy.updated + viaCopy.skipped).toBe(batch.length);
      }
      expect(await storedContacts(copied.workspace.id), `round ${round}`).toEqual(await storedContacts(sent.workspace.id));
    }
  });

  it('stores text that means something to COPY exactly as given', async () => {
    const { workspace } = await createWorkspace('Copy text');
    const odd = 'tab\there, line\nbreak, return\r, back\\slash, \\N, \\t, "quotes", {braces}, NULL, é 😀';
    await driverTransaction((sql) =>
      writeContactTally(sql, workspace.id, [{ email: 'odd@example.com', firstName: odd, lastName: '\\N', optInSource: '\\', tags: [odd, '\\N', ''], attributes: { plan: odd } }]),
    );
    expect(await db.contact.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { firstName: true, lastName: true, optInSource: true, tags: true, attributes: true } })).toEqual({
      firstName: odd,
      lastName: '\\N',
      optInSource: '\\',
      tags: [odd, '\\N', ''],
      attributes: { plan: odd },
    });
  });

  it('writes two batches in one transaction as two transactions would: staged rows are read once', async () => {
    const [one, two] = await Promise.all([createWorkspace('One'), createWorkspace('Two')]);
    const first = [{ email: 'a@example.com', firstName: 'A' }, { email: 'b@example.com' }];
    const second = [{ email: 'b@example.com', firstName: 'B' }, { email: 'c@example.com' }];
    const together = await driverTransaction(async (sql) => [await writeContactTally(sql, one.workspace.id, first), await writeContactTally(sql, one.workspace.id, second)]);
    const apart = [await driverTransaction((sql) => writeContactTally(sql, two.workspace.id, first)), await driverTransaction((sql) => writeContactTally(sql, two.workspace.id, second))];
    expect(together).toEqual(apart);
    expect(together).toEqual([
      { created: 2, updated: 0, skipped: 0 },
      { created: 1, updated: 1, skipped: 0 },
    ]);
    expect(await storedContacts(one.workspace.id)).toEqual(await storedContacts(two.workspace.id));
  });
});
