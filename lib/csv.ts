/**
 * The one CSV writer behind every download (analytics exports, import reject reports). Cells that a spreadsheet
 * would run as a formula are prefixed with `'`, so a contact named `=HYPERLINK(…)` stays text when opened.
 */

const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell: RFC 4180 quoting, null as empty, objects as JSON, formula-like text neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF terminator. */
export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
