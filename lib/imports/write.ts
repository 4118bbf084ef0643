import type { SqlTransaction } from '@/lib/db';

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  raw: string;
}

/** Raw lines are kept for the report, cut short so one monstrous row cannot bloat the table. */
const MAX_RAW_CHARS = 10_000;

/** Records rejected rows in one statement; a row already recorded (a retried batch) is left as it is. */
export async function insertRejects(sql: SqlTransaction, importId: string, rejects: RejectedRow[]): Promise<void> {
  if (rejects.length === 0) return;
  await sql.query(
    `INSERT INTO contact_import_rejects (import_id, row_number, reason, raw)
     SELECT $1::uuid, r.row_number, r.reason, r.raw FROM unnest($2::int[], $3::text[], $4::text[]) AS r(row_number, reason, raw)
     ON CONFLICT (import_id, row_number) DO NOTHING`,
    [importId, rejects.map((r) => r.rowNumber), rejects.map((r) => r.reason), rejects.map((r) => r.raw.slice(0, MAX_RAW_CHARS))],
  );
}
