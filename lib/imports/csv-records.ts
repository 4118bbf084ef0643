import type { Options } from 'csv-parse';

/**
 * Records of an import file, read the way csv-parse reads it with `csvParseOptions` below: any of \r\n,
 * \n and \r ends a record, a UTF-8 byte order mark at the start is dropped, quotes in the middle of a field are kept as
 * text (relax_quotes), records may have any number of fields, and records whose fields are all blank are skipped.
 * tests/imports/csv-records.test.ts proves it against csv-parse over random files cut into random pieces.
 * Why not csv-parse itself: it walks the file one byte at a time through method calls and builds an info object and
 * the raw text of every record, which took about 30 % of the import job's time; this reader finds field ends with a
 * tight loop and decodes each field with one call.
 */

/**
 * The csv-parse options this reader reads like. Only the differential test and the bench's baseline parse with them;
 * the app itself reads every file with this module.
 */
export function csvParseOptions(delimiter: string): Options {
  return {
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  };
}

/** The file cannot be read as CSV from this record on (a quote never closes, a record is absurdly long). */
export class CsvReadError extends Error {}

/** One record, where it ends in the file, and its text as it is in the file (read only for rejected rows). */
export class CsvRecord {
  constructor(
    readonly record: string[],
    /** File offset just past this record and its line break: where reading resumes after it. */
    readonly endOffset: number,
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** The record's text from its first character to its last, without its line break. */
  get raw(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

/** A single record larger than this is an unreadable file, not a contact. */
const MAX_RECORD_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** After a closing quote csv-parse takes a NUL byte (`!nextChr`) for the end of the quotes and keeps it in the field. */
const NUL = 0x00;
const isBom = (b: Buffer) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
/** csv-parse's test for a record with nothing in it: every field blank after JavaScript's trim. */
const isBlank = (fields: string[]) => fields.every((field) => field.trim() === '');

/** Not enough bytes yet to know where the record (or its line break) ends. */
const MORE = -1;

/** The text of a quoted field's inside, with its doubled quotes made single. */
function unquote(buf: Buffer, start: number, end: number, doubled: boolean): string {
  const text = buf.toString('utf8', start, end);
  return doubled ? text.replaceAll('""', '"') : text;
}

/**
 * Reads records from bytes fed one piece at a time; a record cut by a piece's end is read again with the next piece.
 */
class CsvReader {
  private rest: Buffer = Buffer.alloc(0);
  /** File offset of `rest`'s first byte. */
  private offset: number;
  private readonly delimiter: number;

  constructor(delimiter: string, offset: number) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f) throw new Error(`Unsupported CSV delimiter ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
    this.offset = offset;
  }

  /** Records complete in what has arrived so far; `final` says nothing more will arrive. */
  read(piece: Buffer | null, out: CsvRecord[]): void {
    const final = piece === null;
    let buf = piece === null ? this.rest : this.rest.length ? Buffer.concat([this.rest, piece]) : piece;
    if (this.offset === 0 && isBom(buf)) {
      buf = buf.subarray(3);
      this.offset = 3;
    } else if (this.offset === 0 && buf.length < 3 && !final) {
      this.rest = buf;
      return;
    }
    let pos = 0;
    try {
      for (;;) {
        // Empty lines are skipped, whatever line breaks they use.
        while (pos < buf.length && (buf[pos] === CR || buf[pos] === LF)) pos++;
        if (pos >= buf.length) break;
        const next = this.record(buf, pos, final, out);
        if (next === MORE) {
          if (buf.length - pos > MAX_RECORD_BYTES) throw this.tooLong();
          break;
        }
        pos = next;
      }
    } finally {
      this.offset += pos;
      this.rest = buf.subarray(pos);
    }
  }

  private tooLong() {
    return new CsvReadError(`Max Record Size: a record is longer than ${MAX_RECORD_BYTES.toLocaleString('en-US')} bytes`);
  }

  /** Reads the record starting at `start` into `out` (unless it is blank); answers where the next one starts, or MORE. */
  private record(buf: Buffer, start: number, final: boolean, out: CsvRecord[]): number {
    const { delimiter } = this;
    const length = buf.length;
    const fields: string[] = [];
    let pos = start;
    for (;;) {
      let field: string;
      let from = pos;
      if (buf[pos] === QUOTE) {
        // A quoted field: doubled quotes are one quote, and the closing quote is the first single one.
        const inside = pos + 1;
        let doubled = false;
        let close: number;
        for (let at = inside; ; ) {
          close = buf.indexOf(QUOTE, at);
          if (close < 0 || (close + 1 >= length && !final)) {
            if (final) throw new CsvReadError('Quote Not Closed: a quoted field opens here and the file ends before it closes');
            return MORE;
          }
          if (buf[close + 1] !== QUOTE) break;
          doubled = true;
          at = close + 2;
        }
        // The quotes close at a delimiter, a line break or the end of the file. With other text after them csv-parse
        // reads on as plain text, the quotes around what was inside put back, unless that text starts with a NUL byte.
        const after = buf[close + 1];
        const closes = close + 1 >= length || after === delimiter || after === CR || after === LF || after === NUL;
        const inner = unquote(buf, inside, close, doubled);
        field = closes ? inner : `"${inner}"`;
        from = close + 1;
      } else {
        field = '';
      }
      // Plain text up to the next delimiter or line break (after closed quotes, usually none); quotes in it are text.
      let at = from;
      while (at < length) {
        const byte = buf[at];
        if (byte === delimiter || byte === CR || byte === LF) break;
        at++;
      }
      if (at - start > MAX_RECORD_BYTES) throw this.tooLong();
      if (at >= length && !final) return MORE;
      fields.push(field + buf.toString('utf8', from, at));
      pos = at;
      if (pos >= length) return this.finish(buf, start, pos, pos, fields, out);
      if (buf[pos] === delimiter) {
        pos++;
        continue;
      }
      const end = this.lineBreakEnd(buf, pos, final);
      return end === MORE ? MORE : this.finish(buf, start, pos, end, fields, out);
    }
  }

  /** Where the line break at `pos` ends: \r\n is one break, a lone \r or \n another; MORE if \r is the last byte so far. */
  private lineBreakEnd(buf: Buffer, pos: number, final: boolean): number {
    if (buf[pos] === LF) return pos + 1;
    if (pos + 1 >= buf.length) return final ? pos + 1 : MORE;
    return buf[pos + 1] === LF ? pos + 2 : pos + 1;
  }

  private finish(buf: Buffer, start: number, textEnd: number, next: number, fields: string[], out: CsvRecord[]): number {
    if (!isBlank(fields)) out.push(new CsvRecord(fields, this.offset + next, buf, start, textEnd));
    return next;
  }
}

/**
 * The records in a file's first bytes (`complete` when they are the whole file), for the preview; a record cut off at
 * their end is left out. A file unreadable part-way gives the records before that point and the reason.
 */
export function csvRecordsIn(bytes: Buffer, delimiter: string, complete: boolean): { records: CsvRecord[]; failure: CsvReadError | null } {
  const reader = new CsvReader(delimiter, 0);
  const records: CsvRecord[] = [];
  try {
    reader.read(bytes, records);
    if (complete) reader.read(null, records);
  } catch (err) {
    if (!(err instanceof CsvReadError)) throw err;
    return { records, failure: err };
  }
  return { records, failure: null };
}

/**
 * Records of a CSV file whose bytes from offset `start` on arrive as `bytes`. Every record before an unreadable one
 * is delivered before the CsvReadError, and at most one piece's records are held at a time.
 */
export async function* csvRecords(bytes: AsyncIterable<Uint8Array>, start: number, delimiter: string): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader(delimiter, start);
  const out: CsvRecord[] = [];
  const drain = function* (piece: Buffer | null) {
    let failure: unknown;
    try {
      reader.read(piece, out);
    } catch (err) {
      failure = err;
    }
    yield* out.splice(0);
    if (failure) throw failure;
  };
  for await (const piece of bytes) yield* drain(Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
  yield* drain(null);
}
