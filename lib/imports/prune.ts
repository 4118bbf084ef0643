import { db } from '@/lib/db';
import { defineCron } from '@/lib/jobs/definition';

/** An upload, or an uploaded file waiting for its mapping, untouched this long is taken as given up. */
export const ABANDONED_UPLOAD_HOURS = 24;

/**
 * Deletes imports that never started (an upload stopped halfway, a file never mapped) once they are older than
 * `maxAgeHours`, and any stored pieces a finished import still holds. Meant to run periodically.
 */
export async function pruneAbandonedUploads(now = new Date(), maxAgeHours = ABANDONED_UPLOAD_HOURS) {
  const cutoff = new Date(now.getTime() - maxAgeHours * 3600_000);
  const abandoned = await db.contactImport.deleteMany({ where: { status: { in: ['uploading', 'pending'] }, createdAt: { lt: cutoff } } });
  // Why: a finished import drops its pieces right after its last write; a crash between the two leaves them here.
  const leftovers = await db.importChunk.deleteMany({ where: { import: { status: { in: ['completed', 'failed'] } } } });
  return { imports: abandoned.count, leftoverChunks: leftovers.count };
}

/** Hourly on either driver. */
export const pruneAbandonedUploadsCron = defineCron({
  id: 'imports.prune-abandoned',
  cron: '23 * * * *',
  handler: ({ step }) => step.run('prune', () => pruneAbandonedUploads()),
});
