import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/context';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { badRequest, conflict, fieldErrorsOf, notFound } from '@/lib/http/errors';
import { triggerJob } from '@/lib/jobs';
import { importContactsJob } from '@/lib/imports/job';
import { inspectCsv, readCsvLayout } from '@/lib/imports/layout';
import { columnTargets, startImportSchema, suggestMapping } from '@/lib/imports/mapping';
import { importProgress } from '@/lib/imports/progress';
import { HEAD_BYTES, discardFile, importFilePath, keepFile, receiveFile } from '@/lib/imports/storage';
import type { IncomingFile } from '@/lib/imports/upload';

/** An import of this workspace, or a 404 (another workspace's import is as absent as one that never existed). */
export async function findImport(workspaceId: string, id: string) {
  const imp = await db.contactImport.findFirst({ where: { id, workspaceId } });
  if (!imp) throw notFound('Import');
  return imp;
}

/**
 * Stores an uploaded CSV and creates its pending import, answering with what the mapping step needs. A file that is
 * not a readable CSV leaves nothing behind: no file on disk, no import row.
 */
export async function createImport(actor: Actor, file: IncomingFile) {
  const id = randomUUID();
  const received = await receiveFile(id, file.chunks);
  try {
    const attributeTypes = await loadAttributeTypes(actor.workspaceId);
    const { headers, sampleRows } = inspectCsv(received.head, received.bytes <= HEAD_BYTES, attributeTypes);
    const filePath = await keepFile(received, id);
    await db.contactImport.create({
      data: { id, workspaceId: actor.workspaceId, fileName: file.fileName, filePath, totalBytes: BigInt(received.bytes), createdById: actor.userId },
    });
    return {
      id,
      fileName: file.fileName,
      totalBytes: received.bytes,
      headers,
      sampleRows,
      suggestedMapping: suggestMapping(headers, attributeTypes),
      targets: columnTargets(attributeTypes),
    };
  } catch (err) {
    await Promise.all([discardFile(received.path), discardFile(importFilePath(id))]);
    throw err;
  }
}

/** Checks the mapping against the file, marks the import running and queues its job; an import starts once. */
export async function startImport(workspaceId: string, id: string, body: unknown) {
  const imp = await findImport(workspaceId, id);
  if (imp.status !== 'pending' || !imp.filePath) throw conflict('This import has already been started.');
  const attributeTypes = await loadAttributeTypes(workspaceId);
  const { headers } = await readCsvLayout(imp.filePath, attributeTypes);
  const parsed = startImportSchema(headers, attributeTypes).safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error.issues[0].message, fieldErrorsOf(parsed.error));
  const mapping = { columns: parsed.data.mapping, optInSource: parsed.data.optInSource ?? null };
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
