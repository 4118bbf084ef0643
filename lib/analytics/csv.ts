/**
 * CSV downloads of analytics series and lists (`?format=csv`), streamed in chunks so a long series never
 * sits in memory as one string, written by the shared CSV writer.
 */
import { csvLine } from '@/lib/csv';

export type CsvRow = Record<string, unknown>;

const ROWS_PER_CHUNK = 500;

/** A streaming `text/csv` attachment with a header line of `columns`. */
export function csvResponse(filename: string, columns: readonly string[], rows: readonly CsvRow[]): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(columns)));
    },
    pull(controller) {
      const chunk = rows.slice(i, i + ROWS_PER_CHUNK);
      i += chunk.length;
      if (chunk.length) controller.enqueue(encoder.encode(chunk.map((r) => csvLine(columns.map((c) => r[c]))).join('')));
      if (i >= rows.length) controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}
