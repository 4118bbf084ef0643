import { z } from 'zod';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/context';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import type { ContactImport } from '@/lib/generated/prisma/client';
import { HttpError, badRequest, conflict, fieldErrorsOf, notFound } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { triggerJob } from '@/lib/jobs';
import { importContactsJob } from '@/lib/imports/job';
import { inspectCsv, readCsvLayout } from '@/lib/imports/layout';
import { columnTargets, startImportSchema, suggestMapping } from '@/lib/imports/mapping';
import { importProgress } from '@/lib/imports/progress';
import {
  CHUNK_BYTES,
  FileGone,
  MAX_IMPORT_BYTES,
  checkCutCharacters,
  checkPiece,
  chunkCount,
  expectedChunkSize,
  notCsv,
  readHead,
  receivedChunks,
  sha256,
  storeChunk,
  tooLarge,
} from '@/lib/imports/storage';
import { chunkBody, cleanFileName, singleRequestBytes, type IncomingFile } from '@/lib/imports/upload';

/** An import of this workspace, or a 404 (another workspace's import is as absent as one that never existed). */
export async function findImport(workspaceId: string, id: string) {
  const imp = await db.contactImport.findFirst({ where: { id, workspaceId } });
  if (!imp) throw notFound('Import');
  return imp;
}

export const beginUploadSchema = z.object({
  fileName: z.string().max(1000).optional(),
  totalBytes: z.number({ error: 'Send the file size in bytes' }).int().min(0),
});

/** What a client needs to send (or resume sending) a file in pieces. */
async function uploadState(imp: ContactImport) {
  const totalBytes = Number(imp.totalBytes);
  return {
    id: imp.id,
    status: imp.status,
    fileName: imp.fileName,
    totalBytes,
    chunkBytes: CHUNK_BYTES,
    chunkCount: chunkCount(totalBytes),
    chunks: await receivedChunks(imp.id),
  };
}

export type UploadState = Awaited<ReturnType<typeof uploadState>>;

async function openUpload(actor: Actor, fileName: string | undefined, totalBytes: number) {
  if (totalBytes > MAX_IMPORT_BYTES) throw tooLarge();
  if (totalBytes === 0) throw notCsv('it is empty');
  return db.contactImport.create({
    data: { workspaceId: actor.workspaceId, fileName: cleanFileName(fileName), status: 'uploading', totalBytes: BigInt(totalBytes), createdById: actor.userId },
  });
}

/** Starts an upload in pieces: `{ fileName, totalBytes }` → the import id and the piece size to cut the file into. */
export async function beginUpload(actor: Actor, body: unknown): Promise<UploadState> {
  const { fileName, totalBytes } = parseWith(beginUploadSchema, body, 'Send { "fileName": "…", "totalBytes": <bytes> }');
  return uploadState(await openUpload(actor, fileName, totalBytes));
}

/** Which pieces the server holds (index, size, SHA-256), so an interrupted upload sends only the rest. */
export async function getUpload(workspaceId: string, id: string): Promise<UploadState> {
  return uploadState(await findImport(workspaceId, id));
}

/** Removes an import that never started, with its stored file. */
async function forget(id: string) {
  await db.contactImport.deleteMany({ where: { id, status: { in: ['uploading', 'pending'] } } });
}

/**
 * Stores piece `index` of an uploading file from the request body. Piece i covers bytes [i × CHUNK_BYTES, …), so every
 * piece but the last has exactly CHUNK_BYTES. An optional `x-chunk-sha256` header catches damage on the way.
 */
export async function receiveChunk(workspaceId: string, id: string, rawIndex: string, req: Request) {
  const imp = await findImport(workspaceId, id);
  const totalBytes = Number(imp.totalBytes);
  const count = chunkCount(totalBytes);
  const index = z.coerce.number().int().min(0).max(count - 1).safeParse(rawIndex);
  if (!index.success) throw badRequest(`This file has pieces 0 to ${count - 1}.`, { index: [`Use a whole number from 0 to ${count - 1}`] });
  const bytes = await chunkBody(req);
  const expected = expectedChunkSize(totalBytes, index.data);
  if (bytes.length !== expected) throw badRequest(`Piece ${index.data} must be ${expected} bytes long; ${bytes.length} arrived.`);
  const declared = req.headers.get('x-chunk-sha256');
  if (declared && declared.toLowerCase() !== sha256(bytes)) throw badRequest(`Piece ${index.data} arrived damaged; send it again.`);
  try {
    checkPiece(bytes, index.data, count);
  } catch (err) {
    await forget(id);
    throw err;
  }
  return storeChunk(id, index.data, bytes);
}

/** What the mapping step needs: the file's columns, a few rows and a suggested mapping. */
async function mappingAnswer(imp: ContactImport) {
  const attributeTypes = await loadAttributeTypes(imp.workspaceId);
  const start = await readHead(imp.id, Number(imp.totalBytes));
  if (!start) throw conflict('The uploaded file is no longer available; upload it again.');
  const { headers, sampleRows } = inspectCsv(start.head, start.complete, attributeTypes);
  return {
    id: imp.id,
    fileName: imp.fileName,
    totalBytes: Number(imp.totalBytes),
    headers,
    sampleRows,
    suggestedMapping: suggestMapping(headers, attributeTypes),
    targets: columnTargets(attributeTypes),
  };
}

export type UploadedImport = Awaited<ReturnType<typeof mappingAnswer>>;

/**
 * Ends an upload once every piece is there: the whole file is checked (UTF-8, no binary data, a readable header row)
 * and the import waits for its mapping. A file that is not a readable CSV leaves nothing behind. Finishing twice
 * answers the same.
 */
export async function finishUpload(workspaceId: string, id: string): Promise<UploadedImport> {
  const imp = await findImport(workspaceId, id);
  if (imp.status === 'pending') return mappingAnswer(imp);
  if (imp.status !== 'uploading') throw conflict('This import has already been started.');
  const have = new Set((await receivedChunks(id)).map((c) => c.index));
  const missing = Array.from({ length: chunkCount(Number(imp.totalBytes)) }, (_, i) => i).filter((i) => !have.has(i));
  if (missing.length > 0) throw conflict(`${missing.length} piece(s) of the file have not arrived yet.`, { missing: missing.slice(0, 100) });
  try {
    await checkCutCharacters(id);
    const answer = await mappingAnswer(imp);
    const { count } = await db.contactImport.updateMany({ where: { id, status: 'uploading' }, data: { status: 'pending' } });
    if (count === 0) throw conflict('This upload was discarded.');
    return answer;
  } catch (err) {
    if (err instanceof HttpError && err.status === 400) await forget(id);
    throw err;
  }
}

/** A small file in one request (multipart field "file" or a text/csv body), stored in the same pieces as a large one. */
export async function createImport(actor: Actor, file: IncomingFile): Promise<UploadedImport> {
  const bytes = await singleRequestBytes(file);
  const imp = await openUpload(actor, file.fileName, bytes.length);
  try {
    checkPiece(bytes, 0, 1);
    await storeChunk(imp.id, 0, bytes);
  } catch (err) {
    await forget(imp.id);
    throw err;
  }
  return finishUpload(actor.workspaceId, imp.id);
}

/** Drops an import that has not started (an upload given up, a file the user replaced), with its stored file. */
export async function discardImport(workspaceId: string, id: string): Promise<void> {
  await findImport(workspaceId, id);
  const { count } = await db.contactImport.deleteMany({ where: { id, workspaceId, status: { in: ['uploading', 'pending'] } } });
  if (count === 0) throw conflict('This import has already started; it can no longer be discarded.');
}

/** Checks the mapping against the file, marks the import running and queues its job; an import starts once. */
export async function startImport(workspaceId: string, id: string, body: unknown) {
  const imp = await findImport(workspaceId, id);
  if (imp.status === 'uploading') throw conflict('The file has not finished uploading.');
  if (imp.status !== 'pending') throw conflict('This import has already been started.');
  const attributeTypes = await loadAttributeTypes(workspaceId);
  const { headers } = await readCsvLayout(imp, attributeTypes).catch((err: unknown) => {
    throw err instanceof FileGone ? conflict('The uploaded file is no longer available; upload it again.') : err;
  });
  const parsed = startImportSchema(headers, attributeTypes).safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error.issues[0].message, fieldErrorsOf(parsed.error));
  const mapping = { columns: parsed.data.mapping, optInSource: parsed.data.optInSource ?? null, existing: parsed.data.existing };
  const { count } = await db.contactImport.updateMany({ where: { id, workspaceId, status: 'pending' }, data: { status: 'running', mapping } });
  if (count === 0) throw conflict('This import has already been started.');
  try {
    await triggerJob(importContactsJob, { importId: id }, { dedupKey: `contacts.import:${id}` });
  } catch (err) {
    // Nothing was queued, so the import goes back to waiting for its mapping rather than claiming to run.
    await db.contactImport.updateMany({ where: { id, status: 'running', processedRows: 0 }, data: { status: 'pending' } });
    throw err;
  }
  return importProgress(await findImport(workspaceId, id));
}

export async function getImportProgress(workspaceId: string, id: string) {
  return importProgress(await findImport(workspaceId, id));
}
