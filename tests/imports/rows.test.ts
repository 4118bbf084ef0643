import { describe, expect, it } from 'vitest';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { contactInputSchema } from '@/lib/contacts/schema';
import { BOOLEAN_FIELDS, CONTACT_FIELDS, columnPlan, type ColumnPlan } from '@/lib/imports/mapping';
import { asBoolean, contactRowReader, rejectReason, splitTags, typedCell } from '@/lib/imports/rows';
import { seededRandom } from '../helpers/random';

/**
 * The object a record stands for, checked by contactInputSchema as a whole: what the import's row reader must agree
 * with. Empty cells are left out, tag columns joined, attribute cells typed, the import's source for opted-in rows.
 */
function wholeObjectReading(record: string[], plan: ColumnPlan[], schema: ReturnType<typeof contactInputSchema>, optInSource: string | null) {
  const input: Record<string, unknown> = {};
  for (const column of plan) {
    const cell = (record[column.index] ?? '').trim();
    if (cell === '') continue;
    if (column.kind === 'field') input[CONTACT_FIELDS[column.field]] = BOOLEAN_FIELDS.has(column.field) ? asBoolean(cell) : cell;
    else if (column.kind === 'tags') input.tags = [...((input.tags as string[] | undefined) ?? []), ...splitTags(cell)];
    else ((input.attributes ??= {}) as Record<string, unknown>)[column.key] = typedCell(column.type, cell);
  }
  if (optInSource && input.marketingOptIn === true && input.optInSource === undefined) input.optInSource = optInSource;
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, contact: parsed.data } : { ok: false, reason: rejectReason(parsed.error.issues, plan) };
}

const ATTRIBUTES: AttributeTypes = { plan: 'string', score: 'number', vip: 'boolean', renewal: 'date' };
const HEADERS = ['E-mail', 'First', 'Last', 'Mobile', 'Zone', 'Lang', 'Opted in', 'Source', 'SMS', 'Call', 'Tags', 'More tags', 'Plan', 'Score', 'VIP', 'Renewal'];
const TARGETS = ['email', 'first_name', 'last_name', 'phone', 'time_zone', 'locale', 'marketing_opt_in', 'opt_in_source', 'sms_opt_in', 'call_opt_in', 'tags', 'tags', 'attributes.plan', 'attributes.score', 'attributes.vip', 'attributes.renewal'];
const long = (n: number) => 'x'.repeat(n);
/** Per column: valid spellings, invalid ones, blanks and whitespace. */
const CELLS: string[][] = [
  ['ann@example.com', ' Bob@Example.COM ', 'bad-email', '', '   ', `${long(250)}@example.com`, 'a@b', 'zoë@example.com'],
  ['Ann', ' Zoë ', '', long(101), '  '],
  ["O'Neil", '', long(100), long(101)],
  ['+44 7700 900123', '(020) 7946 0018', '+447700900123', 'call me', '', '12'],
  ['Europe/London', 'europe/paris', 'Mars/Olympus', '', 'UTC', ' Asia/Tokyo '],
  ['en', 'en-gb', 'EN_us', '!!', '', long(70)],
  ['yes', 'No', 'TRUE', '0', 'maybe', '', 'on'],
  ['fair', '', long(101), ' web '],
  ['y', 'n', 'sometimes', ''],
  ['off', '1', 'x', ''],
  ['a,b', 'VIP; vip', ' | ', '', 'x', '\u0000y', 'a', 'ab', long(101), Array.from({ length: 101 }, (_, i) => `t${i}`).join(',')],
  ['c', '', 'a|d', ',,', 'x\u0000', '\u0000y', 'b'],
  ['pro', '', long(2001), 'free', 'p\u0000', '\u0000'],
  ['42', '-1.5e3', 'lots', '', '1e999', '.5'],
  ['true', 'no', 'perhaps', '', '\u0000'],
  ['2026-01-31', '2026-02-30', '2026-01-31T10:00:00Z', 'soon', ''],
];

describe('reading import rows as contacts', () => {
  it('accepts and refuses exactly what the contact schema says of the whole row, with the same reasons', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const g = seededRandom(seed);
      // A random mapping (email always mapped), a random import-wide source, then rows of random cells.
      const mapping = Object.fromEntries(HEADERS.map((h, i) => [h, i === 0 || g.next() < 0.7 ? TARGETS[i] : 'ignore']));
      const plan = columnPlan(HEADERS, mapping, ATTRIBUTES);
      const optInSource = g.pick([null, 'fair', long(101)]);
      const readRow = contactRowReader(plan, ATTRIBUTES, optInSource);
      const schema = contactInputSchema(ATTRIBUTES);
      for (let row = 0; row < 60; row++) {
        const record = CELLS.map((cells) => g.pick(cells));
        if (g.next() < 0.05) record.pop();
        const context = `seed ${seed} row ${row}: ${JSON.stringify(record)} with ${JSON.stringify(mapping)}, source ${optInSource}`;
        expect(readRow(record), context).toEqual(wholeObjectReading(record, plan, schema, optInSource));
      }
    }
  });

  it('gives rows with the same tags or attributes values that cannot change one another', () => {
    const plan = columnPlan(['email', 'tags', 'plan'], { email: 'email', tags: 'tags', plan: 'attributes.plan' }, ATTRIBUTES);
    const readRow = contactRowReader(plan, ATTRIBUTES, null);
    const first = readRow(['a@example.com', 'x,y', 'pro']);
    const second = readRow(['b@example.com', 'x,y', 'pro']);
    if (!first.ok || !second.ok) throw new Error('expected both rows to be read');
    expect(second.contact.tags).toEqual(['x', 'y']);
    expect(() => (first.contact.tags as string[]).push('z')).toThrow();
    expect(() => ((first.contact.attributes as Record<string, unknown>).plan = 'free')).toThrow();
    expect(second.contact.attributes).toEqual({ plan: 'pro' });
  });

  it('never takes the tags or attributes of one row for another whose cells run together alike', () => {
    const headers = ['email', 'tags', 'more tags', 'plan', 'tier'];
    const types: AttributeTypes = { plan: 'string', tier: 'string' };
    const plan = columnPlan(headers, { email: 'email', tags: 'tags', 'more tags': 'tags', plan: 'attributes.plan', tier: 'attributes.tier' }, types);
    const readRow = contactRowReader(plan, types, null);
    const schema = contactInputSchema(types);
    const rows = [
      ['a@example.com', 'a', 'b', 'x', 'y'],
      ['b@example.com', 'ab', '', 'xy', ''],
      ['c@example.com', '', 'ab', '', 'xy'],
      ['d@example.com', 'a', 'b', 'x', 'y'],
    ];
    for (const record of rows) expect(readRow(record), record.join()).toEqual(wholeObjectReading(record, plan, schema, null));
  });
});
