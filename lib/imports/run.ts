import { z } from 'zod';
import { db, driverTransaction } from '@/lib/db';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import type { ContactInput } from '@/lib/contacts/schema';
import { writeContactTally } from '@/lib/contacts/upsert';
import { CsvReadError, csvRecords } from '@/lib/imports/csv-records';
import { readCsvLayout } from '@/lib/imports/layout';
import { columnPlan, mappingSchema } from '@/lib/imports/mapping';
import { contactRowReader, fieldCountProblem } from '@/lib/imports/rows';
import { FileGone, dropChunks, importBytes } from '@/lib/imports/storage';
import { insertRejects, type RejectedRow } from '@/lib/imports/write';

/** Rows per transaction: large enough for set-based writes to pay off, small enough to keep progress lively. */
export const IMPORT_BATCH_SIZE = 5000;

/** Batches being written at once: a write overlaps only the one before it (see `write` in runImport). */
const WRITES_IN_FLIGHT = 2;

/** Rows parsed between turns of the event loop (about 2 ms of work). */
const YIELD_EVERY_ROWS = 250;

/** A problem retrying cannot fix (file gone, unreadable CSV, mapping no longer valid): the import fails at once. */
export class ImportFailure extends Error {}

/** Another run committed first; this one stops without writing. */
class Superseded extends Error {}

/** What the mapping step stored on the import. */
export const storedMappingSchema = z.object({
  columns: z.record(z.string(), z.string()),
  optInSource: z.string().nullish(),
  existing: z.enum(['update', 'skip']).default('update'),
});

export interface RunOptions {
  batchSize?: number;
  /** Called after each committed batch; tests throw from it to simulate a crash. */
  afterBatch?: (progress: { batches: number; processedRows: number }) => void | Promise<void>;
  /** Stop after the batch that passes this many ms and answer 'budget': the caller resumes in a new step. */
  maxMs?: number;
}

export type RunOutcome = 'completed' | 'not-running' | 'superseded' | 'budget';

interface Batch {
  valid: ContactInput[];
  rejects: RejectedRow[];
  rows: number;
  /** File offset of this batch's first record: where the last batch committed before it ended. */
  startOffset: number;
  /** File offset just past this batch's last record. */
  endOffset: number;
}

/** A batch's write: the emails it writes, when its upsert has finished, and when it has committed. */
interface Write {
  emails: ReadonlySet<string>;
  upsert: Promise<void>;
  done: Promise<void>;
}

const emptyBatch = (offset: number): Batch => ({ valid: [], rejects: [], rows: 0, startOffset: offset, endOffset: offset });

const fileGone = () => new ImportFailure('The uploaded file is no longer available; upload it again.');

/** What every batch of a run uses: the file's layout, the row reader for its column mapping and what to do with existing contacts. */
async function prepare(imp: { id: string; workspaceId: string; totalBytes: bigint; mapping: unknown }) {
  const attributeTypes = await loadAttributeTypes(imp.workspaceId);
  const layout = await readCsvLayout(imp, attributeTypes).catch((err: unknown) => {
    throw err instanceof FileGone ? fileGone() : err;
  });
  const storedMapping = imp.mapping;
  const stored = storedMappingSchema.safeParse(storedMapping);
  const mapping = stored.success ? mappingSchema(layout.headers, attributeTypes).safeParse(stored.data.columns) : null;
  if (!stored.success || !mapping?.success) {
    // Why: an attribute deleted between the mapping step and the run makes the stored mapping invalid.
    throw new ImportFailure(`The column mapping no longer fits this workspace: ${mapping?.error?.issues[0]?.message ?? 'it is missing'}.`);
  }
  return {
    layout,
    readRow: contactRowReader(columnPlan(layout.headers, mapping.data, attributeTypes), attributeTypes, stored.data.optInSource ?? null),
    existing: stored.data.existing,
  };
}

/**
 * Streams an import's file from where the last committed batch ended, checking each row with the contact schema's rules.
 * Each batch (contacts, rejects, progress) commits in one transaction guarded by the offset it started from, so a
 * retried or duplicate run continues exactly after the last commit and never writes a row twice.
 */
export async function runImport(importId: string, options: RunOptions = {}): Promise<RunOutcome> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const started = Date.now();
  const imp = await db.contactImport.findUnique({ where: { id: importId } });
  if (!imp || imp.status !== 'running') return 'not-running';
  if (!imp.startedAt) await db.contactImport.updateMany({ where: { id: importId, startedAt: null }, data: { startedAt: new Date() } });
  const { layout, readRow, existing } = await prepare(imp);

  let committedOffset = Number(imp.bytesRead);
  // Row numbers count the header as row 1, so the first contact is row 2.
  let rowNumber = imp.processedRows + 1;
  let batches = 0;
  let batch = emptyBatch(committedOffset);

  let committedRows = imp.processedRows;
  /**
   * Writes one batch in its own transaction, overlapping the write before it (`before`, the only other one in flight)
   * without racing it:
   * - both upserts run at once, unless the batches share an email: then this one starts when the previous upsert has
   *   finished, so the previous write never waits on a contact row this one holds;
   * - its progress update runs once the previous write has committed, so it finds the offset that write left, and a
   *   batch whose predecessor failed rolls back as superseded instead of committing past a gap.
   * The previous write never waits on this one, so nothing can deadlock.
   */
  const write = ({ valid, rejects, rows, startOffset, endOffset }: Batch, before: Write): Write => {
    let upserted!: () => void;
    const upsert = new Promise<void>((resolve) => (upserted = resolve));
    const emails = new Set(valid.map((contact) => contact.email));
    const sharesEmails = valid.some((contact) => before.emails.has(contact.email));
    const done = (async () => {
      try {
        if (sharesEmails) await before.upsert;
        await driverTransaction(async (sql) => {
          const tally = await writeContactTally(sql, imp.workspaceId, valid, existing);
          upserted();
          await insertRejects(sql, importId, rejects);
          await before.done.catch(() => {
            throw new Superseded();
          });
          const advanced = await sql.query(
            `UPDATE contact_imports SET processed_rows = processed_rows + $3, imported_rows = imported_rows + $4,
               created_rows = created_rows + $5, updated_rows = updated_rows + $6, skipped_rows = skipped_rows + $7,
               rejected_rows = rejected_rows + $8, bytes_read = $9::bigint
             WHERE id = $1::uuid AND status = 'running' AND bytes_read = $2::bigint RETURNING id`,
            [importId, startOffset, rows, tally.created + tally.updated, tally.created, tally.updated, tally.skipped, rejects.length, endOffset],
          );
          if (advanced.length !== 1) throw new Superseded();
        });
      } finally {
        upserted();
      }
      committedOffset = endOffset;
      committedRows += rows;
      batches++;
      await options.afterBatch?.({ batches, processedRows: committedRows });
    })();
    done.catch(() => {}); // Awaited in order by commit and drain; this keeps a later write's failure from going unhandled.
    return { emails, upsert, done };
  };

  // Why: the next batches are parsed and validated while earlier ones are written, so Node and PostgreSQL work at the
  // same time. Writes are awaited in file order, so the first failure is the one reported.
  const writing: Write[] = [];
  let last: Write = { emails: new Set(), upsert: Promise.resolve(), done: Promise.resolve() };
  const commit = async () => {
    const full = batch;
    batch = emptyBatch(full.endOffset);
    if (writing.length >= WRITES_IN_FLIGHT) await writing.shift()!.done;
    last = write(full, last);
    writing.push(last);
  };
  const drain = async () => {
    if (batch.rows > 0) await commit();
    while (writing.length > 0) await writing.shift()!.done;
  };

  let skipHeader = committedOffset === 0;
  try {
    try {
      for await (const read of csvRecords(importBytes(importId, committedOffset), committedOffset, layout.delimiter)) {
        if (skipHeader) {
          skipHeader = false;
          continue;
        }
        rowNumber++;
        batch.rows++;
        // Records already parsed arrive as microtasks, which never let the batch in flight read its answers: give the
        // event loop a turn now and then, or each round trip of that transaction waits for a whole chunk's parsing.
        if (batch.rows % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
        const { record } = read;
        batch.endOffset = read.endOffset;
        const problem = fieldCountProblem(record, layout.headers.length);
        const row = problem ? null : readRow(record);
        if (row?.ok) batch.valid.push(row.contact);
        else batch.rejects.push({ rowNumber, reason: problem ?? row!.reason, raw: read.raw });
        if (batch.rows >= batchSize) {
          await commit();
          if (options.maxMs !== undefined && Date.now() - started >= options.maxMs) {
            await drain();
            return 'budget';
          }
        }
      }
    } catch (err) {
      if (err instanceof FileGone) throw fileGone();
      if (!(err instanceof CsvReadError)) throw err;
      // Rows before the unreadable one are good: keep them, then stop with a message that says where it broke.
      await drain();
      throw new ImportFailure(`Row ${rowNumber + 1} cannot be read (${err.message}); the rows before it were imported or reported.`);
    }
    await drain();
  } catch (err) {
    if (err instanceof Superseded) return 'superseded';
    throw err;
  }

  const { count } = await db.contactImport.updateMany({
    where: { id: importId, status: 'running', bytesRead: BigInt(committedOffset) },
    data: { status: 'completed', finishedAt: new Date(), bytesRead: imp.totalBytes },
  });
  if (count === 0) return 'superseded';
  await dropChunks(importId);
  return 'completed';
}

/** Marks an import failed with a message people can act on; its file is removed, its committed rows stay. */
export async function failImport(importId: string, message: string): Promise<void> {
  await db.contactImport.updateMany({
    where: { id: importId, status: { in: ['pending', 'running'] } },
    data: { status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() },
  });
  await dropChunks(importId);
}
