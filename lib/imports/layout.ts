import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { badRequest } from '@/lib/http/errors';
import { csvRecordsIn } from '@/lib/imports/csv-records';
import { suggestTarget } from '@/lib/imports/mapping';
import { FileGone, notCsv, readHead } from '@/lib/imports/storage';

/** Separators we recognise; the one the header row uses most wins, comma on a tie. */
const DELIMITERS = [',', ';', '\t', '|'] as const;
const MAX_COLUMNS = 500;
const SAMPLE_ROWS = 5;

/** How a stored CSV is laid out: its separator and its column names. */
export interface CsvLayout {
  delimiter: string;
  headers: string[];
}

function guessDelimiter(firstLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Checks that a file's start is a CSV with a header row and at least one data row; returns its layout and samples.
 * `complete` says whether `head` is the whole file (otherwise its last line may be cut off).
 */
export function inspectCsv(head: Buffer, complete: boolean, attributeTypes: AttributeTypes = {}): CsvLayout & { sampleRows: string[][] } {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw notCsv('it is empty');
  const firstLine = text.trimStart().split(/\r\n|\n|\r/, 1)[0];
  const delimiter = guessDelimiter(firstLine);
  // The same reader as the import job's, so the preview shows the records the job will import.
  const { records, failure } = csvRecordsIn(head, delimiter, complete);
  if (failure) throw notCsv(`row ${records.length + 1} cannot be read (${failure.message})`);
  if (records.length === 0) throw notCsv(complete ? 'it is empty' : 'its first row is longer than 64 KB');
  const [headerRow, ...rows] = records.slice(0, SAMPLE_ROWS + 1).map((r) => r.record);
  const headers = headerRow.map((h, i) => h.trim() || `Column ${i + 1}`);
  if (headers.length > MAX_COLUMNS) throw notCsv(`its header row has ${headers.length} columns; at most ${MAX_COLUMNS} are supported`);
  if (headers.length < 2 && suggestTarget(headers[0], attributeTypes) !== 'email') {
    throw notCsv('its first row has no comma, semicolon or tab between column names');
  }
  const repeated = headers.find((h, i) => headers.indexOf(h) !== i);
  if (repeated) throw badRequest(`The column "${repeated.slice(0, 100)}" appears twice in the header row; rename one and upload again.`);
  if (rows.length === 0 && !complete) throw notCsv('its first contact row is longer than 64 KB');
  if (rows.length === 0) throw badRequest('The file has a header row but no contacts below it.');
  return { delimiter, headers, sampleRows: rows };
}

/** The layout of an import's stored file, read again by the mapping step and the job. */
export async function readCsvLayout(imp: { id: string; totalBytes: bigint }, attributeTypes: AttributeTypes = {}): Promise<CsvLayout> {
  const start = await readHead(imp.id, Number(imp.totalBytes));
  if (!start) throw new FileGone('the first piece is missing');
  const { delimiter, headers } = inspectCsv(start.head, start.complete, attributeTypes);
  return { delimiter, headers };
}
