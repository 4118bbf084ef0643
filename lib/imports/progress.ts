import type { ContactImport } from '@/lib/generated/prisma/client';

/** What the progress endpoint and the UI show about an import. */
export interface ImportProgress {
  id: string;
  fileName: string;
  status: ContactImport['status'];
  processedRows: number;
  importedRows: number;
  /** Rows that made a new contact, updated an existing one, or were left out because their contact exists (skip). */
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  rejectedRows: number;
  bytesRead: number;
  totalBytes: number;
  percent: number;
  rowsPerSecond: number;
  /** Started by the user but not yet picked up by a worker. */
  queued: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** Percent is by bytes (the row count is unknown until the end), and only reaches 100 when the import has finished. */
export function importProgress(imp: ContactImport, now = new Date()): ImportProgress {
  const bytesRead = Number(imp.bytesRead);
  const totalBytes = Number(imp.totalBytes);
  const finished = imp.status === 'completed' || imp.status === 'failed';
  const share = totalBytes > 0 ? Math.floor((bytesRead * 100) / totalBytes) : 0;
  const percent = imp.status === 'completed' ? 100 : finished ? share : Math.min(99, share);
  const seconds = imp.startedAt ? ((imp.finishedAt ?? now).getTime() - imp.startedAt.getTime()) / 1000 : 0;
  return {
    id: imp.id,
    fileName: imp.fileName,
    status: imp.status,
    processedRows: imp.processedRows,
    importedRows: imp.importedRows,
    createdRows: imp.createdRows,
    updatedRows: imp.updatedRows,
    skippedRows: imp.skippedRows,
    rejectedRows: imp.rejectedRows,
    bytesRead,
    totalBytes,
    percent,
    rowsPerSecond: seconds > 0 ? Math.round(imp.processedRows / seconds) : 0,
    queued: imp.status === 'running' && !imp.startedAt,
    startedAt: imp.startedAt?.toISOString() ?? null,
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    error: imp.error,
  };
}
