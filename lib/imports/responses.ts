/** Response schemas of the import routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';

/** POST /api/imports (201) and /api/imports/{id}/complete: columns, samples and a suggested mapping. */
export const uploadedImportResponse = z.object({
  id: z.uuid(),
  fileName: z.string(),
  totalBytes: z.number().int(),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()).describe('CSV column → contact field'),
  targets: z.array(z.string()),
});

/** GET /api/imports/{id} and POST /api/imports/{id}/start (202). */
export const importProgressResponse = z.object({
  id: z.uuid(),
  fileName: z.string(),
  status: z.string(),
  processedRows: z.number().int(),
  importedRows: z.number().int(),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  skippedRows: z.number().int(),
  rejectedRows: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  percent: z.number(),
  rowsPerSecond: z.number(),
  queued: z.boolean(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  error: z.string().nullable().describe('Why the import failed, once it has'),
});

/** POST /api/imports/uploads (201) and GET /api/imports/{id}/chunks: the pieces held so far. */
export const uploadStateResponse = z.object({
  id: z.uuid(),
  status: z.string(),
  fileName: z.string(),
  totalBytes: z.number().int(),
  chunkBytes: z.number().int(),
  chunkCount: z.number().int(),
  chunks: z.array(z.object({
    index: z.number().int(),
    size: z.number().int(),
    sha256: z.string(),
  })),
});

/** PUT /api/imports/{id}/chunks/{index}: 201 when stored, 200 when already there. */
export const chunkResponse = z.object({
  index: z.number().int(),
  size: z.number().int(),
  sha256: z.string(),
  stored: z.boolean(),
});
