import { parse } from 'csv-parse';
import { csvOptions } from '@/lib/imports/layout';

/** One parsed record, its text as the parser saw it, and the file offset just past it. */
export interface CsvRecord {
  record: string[];
  raw: string;
  endOffset: number;
}

/** A single record larger than this is an unreadable file, not a contact. */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * Records of a CSV file whose bytes from offset `start` on arrive as `bytes`. Why not `for await` over the parser stream: when the parser fails, the
 * stream is destroyed and the records it had buffered are lost. Feeding it one chunk at a time and collecting records
 * in `on_record` delivers every record before a broken one, and keeps at most one chunk's records in memory.
 * (`on_record` also receives the byte count, so the costly `info` option is not needed.)
 */
export async function* csvRecords(bytes: AsyncIterable<Uint8Array>, start: number, delimiter: string): AsyncGenerator<CsvRecord> {
  const parsed: CsvRecord[] = [];
  const parser = parse({
    ...csvOptions(delimiter),
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (rec, context) => {
      const { record, raw } = rec as unknown as { record: string[]; raw: string };
      parsed.push({ record, raw, endOffset: start + context.bytes });
      return null;
    },
  });
  parser.on('error', () => undefined); // Failures arrive through the write and finish callbacks below.
  let failure: unknown;
  try {
    for await (const chunk of bytes) {
      await new Promise<void>((resolve) => parser.write(chunk, (err) => ((failure = err ?? undefined), resolve())));
      yield* parsed.splice(0);
      if (failure) throw failure;
    }
    await new Promise<void>((resolve) => {
      parser.once('error', (err) => ((failure = err), resolve()));
      parser.once('finish', resolve);
      parser.end();
    });
    yield* parsed.splice(0);
    if (failure) throw failure;
  } finally {
    parser.destroy();
  }
}
