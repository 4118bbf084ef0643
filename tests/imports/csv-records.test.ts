import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { csvParseOptions, csvRecords } from '@/lib/imports/csv-records';
import { seededRandom, type SeededRandom } from '../helpers/random';

/** What a reader made of a file: each record's fields, end offset and text, then whether it stopped on an error. */
interface Reading {
  records: { record: string[]; endOffset: number; raw: string }[];
  failed: boolean;
}

/** csv-parse with the options the preview uses, fed piece by piece; its raw text carries line breaks around a record. */
async function csvParseReading(pieces: Buffer[], start: number, delimiter: string): Promise<Reading> {
  const records: Reading['records'] = [];
  const parser = parse({
    ...csvParseOptions(delimiter),
    raw: true,
    on_record: (rec, context) => {
      const { record, raw } = rec as unknown as { record: string[]; raw: string };
      records.push({ record, endOffset: start + context.bytes, raw: raw.replace(/^[\r\n]+|[\r\n]+$/g, '') });
      return null;
    },
  });
  parser.on('error', () => undefined);
  let failed = false;
  for (const piece of pieces) {
    await new Promise<void>((resolve) => parser.write(piece, (err) => ((failed ||= !!err), resolve())));
    if (failed) return { records, failed };
  }
  await new Promise<void>((resolve) => {
    parser.once('error', () => ((failed = true), resolve()));
    parser.once('finish', resolve);
    parser.end();
  });
  parser.destroy();
  return { records, failed };
}

async function readerReading(pieces: Buffer[], start: number, delimiter: string): Promise<Reading> {
  const records: Reading['records'] = [];
  async function* bytes() {
    for (const piece of pieces) yield piece;
  }
  try {
    for await (const r of csvRecords(bytes(), start, delimiter)) records.push({ record: r.record, endOffset: r.endOffset, raw: r.raw });
  } catch {
    return { records, failed: true };
  }
  return { records, failed: false };
}

const DELIMITERS = [',', ';', '\t', '|'];
/** Weighted toward what breaks parsers: quotes, every line break, delimiters, blanks, multi-byte and NUL characters. */
const ALPHABET = ['a', 'b', 'Z', ' ', ' ', 'é', '€', '\u00a0', '"', '"', '"', '""', '\r', '\n', '\r\n', ',', ';', '\t', '|', '\0', '\uFEFF'];

/** Cuts bytes into pieces of random sizes, tiny ones often, so every boundary lands somewhere interesting. */
function cut(bytes: Buffer, g: SeededRandom): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = g.next() < 0.5 ? 1 + g.int(4) : 1 + g.int(64);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

function randomFile(g: SeededRandom): Buffer {
  let text = g.next() < 0.15 ? '\uFEFF' : '';
  const length = g.int(120);
  for (let i = 0; i < length; i++) text += g.pick(ALPHABET);
  return Buffer.from(text, 'utf8');
}

describe('reading an import file', () => {
  it('reads every file as csv-parse does: the same records, offsets and text, and the same failures', async () => {
    for (let seed = 1; seed <= 4000; seed++) {
      const g = seededRandom(seed);
      const file = randomFile(g);
      const delimiter = g.pick(DELIMITERS);
      const expected = await csvParseReading([file], 0, delimiter);
      const whole = await readerReading([file], 0, delimiter);
      const pieces = await readerReading(cut(file, g), 0, delimiter);
      const context = `seed ${seed}, delimiter ${JSON.stringify(delimiter)}, file ${JSON.stringify(file.toString('utf8'))}`;
      expect(whole, context).toEqual(expected);
      expect(pieces, context).toEqual(expected);
    }
  });

  it('resumes after any record exactly as the reading from the start goes on', async () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const g = seededRandom(seed * 7919);
      const file = randomFile(g);
      const delimiter = g.pick(DELIMITERS);
      const whole = await readerReading([file], 0, delimiter);
      if (whole.records.length < 2) continue;
      const resumeAt = whole.records[g.int(whole.records.length - 1)].endOffset;
      const context = `seed ${seed}, from ${resumeAt}, file ${JSON.stringify(file.toString('utf8'))}`;
      // Why not csv-parse's own resumed reading: it drops a byte order mark wherever it starts, so a record that begins
      // with U+FEFF would lose it on resume; a mark belongs only at the start of the file.
      expect(await readerReading(cut(file.subarray(resumeAt), g), resumeAt, delimiter), context).toEqual({
        records: whole.records.filter((r) => r.endOffset > resumeAt),
        failed: whole.failed,
      });
    }
  });

  it('reads realistic exports the same way: quoted commas and line breaks, doubled quotes, accents, CRLF', async () => {
    const rows = ['Email,First name,Notes,Tags'];
    for (let i = 0; i < 2000; i++) {
      rows.push(`person.${i}@example.com,"Zoë ""Z"" ${i}","line one\nline two, with comma",${i % 3 ? '"a,b"' : ''}`);
      if (i % 97 === 0) rows.push(',,,');
      if (i % 89 === 0) rows.push('');
    }
    const file = Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
    const g = seededRandom(42);
    const expected = await csvParseReading([file], 0, ',');
    expect(expected.records).toHaveLength(2001);
    expect(await readerReading(cut(file, g), 0, ',')).toEqual(expected);
    expect(await readerReading([file.subarray(0, 100_000), file.subarray(100_000)], 0, ',')).toEqual(expected);
  });

  it('stops on a quote that never closes, after delivering every record before it', async () => {
    const file = Buffer.from('email,name\na@example.com,Ann\nb@example.com,"Bob\nc@example.com,Cy\n');
    const reading = await readerReading([file], 0, ',');
    expect(reading.failed).toBe(true);
    expect(reading.records.map((r) => r.record)).toEqual([
      ['email', 'name'],
      ['a@example.com', 'Ann'],
    ]);
  });

  it('refuses a record longer than a megabyte instead of holding it', async () => {
    const file = Buffer.from(`email\n"${'x'.repeat(1_100_000)}`);
    const reading = await readerReading([file.subarray(0, 600_000), file.subarray(600_000)], 0, ',');
    expect(reading).toEqual({ records: [{ record: ['email'], endOffset: 6, raw: 'email' }], failed: true });
  });
});
