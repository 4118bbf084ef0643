import { createHash } from 'node:crypto';
import { db, rawQuery } from '@/lib/db';
import { HttpError, badRequest, conflict } from '@/lib/http/errors';
import { CUT_BYTES, cutIsUtf8, pieceIsUtf8 } from '@/lib/imports/utf8';

/** The largest file an import accepts (about a million contacts). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** How much of a file's start is kept to read its header and sample rows; a header row longer than this is refused. */
export const HEAD_BYTES = 64 * 1024;

/** Every piece but the last is exactly this long; well below the 4.5 MB request body a serverless function accepts. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** The job hands the CSV parser this much at a time, so progress stays lively within a chunk. */
const SLICE_BYTES = 256 * 1024;

/** Every "this is not a CSV" answer says why, so people know what to fix in their export. */
export const notCsv = (why: string) => badRequest(`This file is not a CSV we can import: ${why}.`);

/** Too large is its own answer (413), for a whole file or for one piece of it. */
export const tooLarge = (limit = MAX_IMPORT_BYTES, what = 'The file') =>
  new HttpError(413, `${what} is larger than ${Math.round(limit / 1024 / 1024)} MB; ${what === 'The file' ? 'split it into smaller files' : 'send smaller pieces'}.`);

export const chunkCount = (totalBytes: number) => Math.ceil(totalBytes / CHUNK_BYTES);

/** The size piece `index` of a file of `totalBytes` must have, so piece i always starts at byte i × CHUNK_BYTES. */
export function expectedChunkSize(totalBytes: number, index: number): number {
  return Math.max(0, Math.min(CHUNK_BYTES, totalBytes - index * CHUNK_BYTES));
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores one piece of an uploading file. Sending the same piece again changes nothing; a different piece under an
 * index already stored is a 409, so a confused client can never splice two files together.
 */
export async function storeChunk(importId: string, index: number, bytes: Buffer): Promise<{ index: number; size: number; sha256: string; stored: boolean }> {
  const digest = sha256(bytes);
  // Straight to the driver: Prisma's engine copies a 4 MB parameter on its way (an insert took twice the time).
  const inserted = await rawQuery<{ stored: number }>(
    db,
    `INSERT INTO import_chunks (import_id, index, bytes, size, sha256)
     SELECT $1::uuid, $2, $3, $4, $5
      WHERE EXISTS (SELECT 1 FROM contact_imports WHERE id = $1::uuid AND status = 'uploading')
     ON CONFLICT (import_id, index) DO NOTHING
     RETURNING 1 AS stored`,
    [importId, index, bytes, bytes.length, digest],
  );
  if (inserted.length === 1) return { index, size: bytes.length, sha256: digest, stored: true };
  const existing = await db.importChunk.findUnique({ where: { importId_index: { importId, index } }, select: { sha256: true } });
  if (existing?.sha256 === digest) return { index, size: bytes.length, sha256: digest, stored: false };
  throw conflict(existing ? `Piece ${index} was already received with different content; upload the file again.` : 'This upload is finished; start a new one to send more.');
}

/** The pieces the server holds for an import, so a client can send only what is missing. */
export function receivedChunks(importId: string) {
  return db.importChunk.findMany({ where: { importId }, orderBy: { index: 'asc' }, select: { index: true, size: true, sha256: true } });
}

export async function dropChunks(importId: string): Promise<void> {
  await db.importChunk.deleteMany({ where: { importId } });
}

async function chunkBytes(importId: string, index: number): Promise<Buffer | null> {
  const [row] = await rawQuery<{ bytes: Uint8Array }>(db, 'SELECT bytes FROM import_chunks WHERE import_id = $1::uuid AND index = $2', [importId, index]);
  return row ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null;
}

/** Thrown when a stored file has lost pieces (discarded, pruned): the import cannot go on. */
export class FileGone extends Error {}

/**
 * The stored file's bytes from offset `start` on, read one piece at a time (the next one is fetched while the current
 * one is parsed), so a 200 MB file never sits in memory.
 */
export async function* importBytes(importId: string, start = 0): AsyncGenerator<Buffer> {
  const pieces = await db.importChunk.findMany({ where: { importId }, orderBy: { index: 'asc' }, select: { index: true, size: true } });
  let offset = 0;
  const wanted: { index: number; skip: number }[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (piece.index !== i) throw new FileGone(`piece ${i} is missing`);
    if (offset + piece.size > start) wanted.push({ index: piece.index, skip: Math.max(0, start - offset) });
    offset += piece.size;
  }
  let next = wanted.length ? chunkBytes(importId, wanted[0].index) : null;
  for (const [i, { skip }] of wanted.entries()) {
    const bytes = await next!;
    if (!bytes) throw new FileGone(`piece ${wanted[i].index} is missing`);
    next = i + 1 < wanted.length ? chunkBytes(importId, wanted[i + 1].index) : null;
    next?.catch(() => {});
    for (let at = skip; at < bytes.length; at += SLICE_BYTES) yield bytes.subarray(at, at + SLICE_BYTES);
  }
}

/** The first HEAD_BYTES of a stored file, and whether that is the whole file; null when the file is gone. */
export async function readHead(importId: string, totalBytes: number): Promise<{ head: Buffer; complete: boolean } | null> {
  const rows = await db.$queryRaw<{ head: Uint8Array }[]>`
    SELECT substring(bytes FROM 1 FOR ${HEAD_BYTES}) AS head FROM import_chunks WHERE import_id = ${importId}::uuid AND index = 0`;
  if (rows.length === 0) return null;
  const head = Buffer.from(rows[0].head);
  return { head, complete: totalBytes <= HEAD_BYTES };
}

const notUtf8 = () => notCsv('it is not UTF-8 text (save it as "CSV UTF-8")');

/**
 * Checks piece `index` of `count` as it arrives, so a bad file is refused before the rest of it is even sent: no binary
 * data (NUL bytes), and UTF-8 apart from a character cut at its ends.
 */
export function checkPiece(bytes: Buffer, index: number, count: number): void {
  if (bytes.includes(0)) throw notCsv('it contains binary data');
  if (!pieceIsUtf8(bytes, index, count)) throw notUtf8();
}

/**
 * Once every piece is there, checks the characters cut between neighbouring pieces (their inside was checked as each
 * arrived), reading a few bytes at each end instead of the whole file again.
 */
export async function checkCutCharacters(importId: string): Promise<void> {
  const ends = await rawQuery<{ head: Uint8Array; tail: Uint8Array }>(
    db,
    `SELECT substring(bytes FROM 1 FOR ${CUT_BYTES}) AS head, substring(bytes FROM greatest(size - ${CUT_BYTES}, 1)) AS tail
       FROM import_chunks WHERE import_id = $1::uuid ORDER BY index`,
    [importId],
  );
  for (let i = 1; i < ends.length; i++) if (!cutIsUtf8(ends[i - 1].tail, ends[i].head)) throw notUtf8();
}
