import { db } from '@/lib/db';
import { findImport } from '@/lib/imports/service';
import { csvLine } from '@/lib/csv';

const PAGE = 2000;

/** The report's download name, next to the uploaded file's: `contacts.csv` → `contacts-rejected-rows.csv`. */
const reportName = (fileName: string) => `${fileName.replace(/\.csv$/i, '') || 'import'}-rejected-rows.csv`;

/**
 * The rejected rows of an import as a CSV stream (row, reason, raw), read page by page in row order so a report of
 * a million rows never sits in memory.
 */
export async function rejectsReport(workspaceId: string, id: string) {
  const imp = await findImport(workspaceId, id);
  const encoder = new TextEncoder();
  let after = 0;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(['row', 'reason', 'raw'])));
        return;
      }
      const page = await db.contactImportReject.findMany({
        where: { importId: imp.id, rowNumber: { gt: after } },
        orderBy: { rowNumber: 'asc' },
        take: PAGE,
        select: { rowNumber: true, reason: true, raw: true },
      });
      if (page.length === 0) return controller.close();
      after = page[page.length - 1].rowNumber;
      controller.enqueue(encoder.encode(page.map((r) => csvLine([r.rowNumber, r.reason, r.raw])).join('')));
    },
  });
  return { fileName: reportName(imp.fileName), stream };
}
