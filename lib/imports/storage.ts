import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { env } from '@/lib/env';
import { HttpError, badRequest } from '@/lib/http/errors';

/** Uploads above this are refused while they stream in, before they can fill the disk. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** How much of a file's start is kept to read its header and sample rows; a header row longer than this is refused. */
export const HEAD_BYTES = 64 * 1024;

export function importsDir(): string {
  return path.resolve(env().IMPORTS_DIR);
}

/** Where an import's file waits for its job: `<IMPORTS_DIR>/<id>.csv`. */
export function importFilePath(importId: string): string {
  return path.join(importsDir(), `${importId}.csv`);
}

/** Every "this is not a CSV" answer says why, so people know what to fix in their export. */
export const notCsv = (why: string) => badRequest(`This file is not a CSV we can import: ${why}.`);

/** Too large is its own answer (413), raised from the Content-Length up front or from the bytes counted so far. */
export const tooLarge = (limit = MAX_IMPORT_BYTES) =>
  new HttpError(413, `The file is larger than ${Math.round(limit / 1024 / 1024)} MB; split it into smaller files.`);

/** Counts, checks and passes chunks through: too large, NUL bytes (binary) or invalid UTF-8 stop the upload. */
async function* checkedChunks(chunks: AsyncIterable<Uint8Array>, limit: number, seen: { bytes: number; head: Buffer[]; headBytes: number }) {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    seen.bytes += buf.length;
    if (seen.bytes > limit) throw tooLarge(limit);
    if (buf.includes(0)) throw notCsv('it contains binary data');
    try {
      utf8.decode(buf, { stream: true });
    } catch {
      throw notCsv('it is not UTF-8 text (save it as "CSV UTF-8")');
    }
    if (seen.headBytes < HEAD_BYTES) {
      const part = buf.subarray(0, HEAD_BYTES - seen.headBytes);
      seen.head.push(Buffer.from(part));
      seen.headBytes += part.length;
    }
    yield buf;
  }
  try {
    utf8.decode();
  } catch {
    throw notCsv('it ends in the middle of a UTF-8 character');
  }
}

export interface ReceivedFile {
  path: string;
  bytes: number;
  /** The first HEAD_BYTES of the file. */
  head: Buffer;
}

/**
 * Streams an upload to `<id>.csv.part` without holding it in memory; on any failure the partial file is removed.
 * Call keepFile to give it its final name once the import row exists.
 */
export async function receiveFile(importId: string, chunks: AsyncIterable<Uint8Array>, limit = MAX_IMPORT_BYTES): Promise<ReceivedFile> {
  await mkdir(importsDir(), { recursive: true });
  const partPath = `${importFilePath(importId)}.part`;
  const seen = { bytes: 0, head: [] as Buffer[], headBytes: 0 };
  try {
    await pipeline(Readable.from(checkedChunks(chunks, limit, seen)), createWriteStream(partPath, { flags: 'wx' }));
  } catch (err) {
    await discardFile(partPath);
    throw err;
  }
  return { path: partPath, bytes: seen.bytes, head: Buffer.concat(seen.head) };
}

export async function keepFile(received: ReceivedFile, importId: string): Promise<string> {
  const finalPath = importFilePath(importId);
  await rename(received.path, finalPath);
  return finalPath;
}

export async function discardFile(filePath: string | null | undefined): Promise<void> {
  if (filePath) await rm(filePath, { force: true });
}

/** The first HEAD_BYTES of a stored file, and whether that is the whole file. */
export async function readHead(filePath: string): Promise<{ head: Buffer; complete: boolean }> {
  const handle = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return { head: buf.subarray(0, Math.min(bytesRead, HEAD_BYTES)), complete: bytesRead <= HEAD_BYTES };
  } finally {
    await handle.close();
  }
}
