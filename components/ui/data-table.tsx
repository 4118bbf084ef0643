import type { ReactNode } from 'react';

/** One column: its heading and how a row renders in it. */
export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Figures align right and never wrap. */
  align?: 'right';
  /** Columns a narrow screen can do without. */
  hideBelow?: 'md' | 'xl';
  /** Extra classes for the column's cells (truncation, widths). */
  className?: string;
  /** `data-testid` on each of the column's cells. */
  testId?: string;
}

interface Props<Row> {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  /** `data-testid` on the table. */
  testId?: string;
  rowTestId?: (row: Row) => string;
  /** Read by screen readers: what the rows are. */
  caption?: string;
  /** Shown instead of an empty table. */
  empty?: ReactNode;
  /** `card` frames the table in its own card; `bare` leaves it to the surrounding card. Both scroll sideways inside. */
  frame?: 'card' | 'bare';
  /** Narrow cell padding, for tables inside small panels. */
  compact?: boolean;
}

const HIDDEN: Record<NonNullable<Column<unknown>['hideBelow']>, string> = {
  md: 'hidden md:table-cell',
  xl: 'hidden xl:table-cell',
};

function classes<Row>(column: Column<Row>): string | undefined {
  const parts = [column.align === 'right' && 'text-right tabular-nums', column.hideBelow && HIDDEN[column.hideBelow], column.className].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** Every list in the app renders through this one table, so they share markup, alignment and empty states. */
export function DataTable<Row>({ rows, columns, rowKey, testId, rowTestId, caption, empty, frame = 'card', compact = false }: Props<Row>) {
  if (rows.length === 0 && empty !== undefined) return <div className="text-sm text-gray-500">{empty}</div>;
  const table = (
    <table className={compact ? 'table table-compact' : 'table'} data-testid={testId}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>{columns.map((c, i) => <th key={i} className={classes(c)}>{c.header}</th>)}</tr>
      </thead>
      <tbody className="divide-y divide-gray-100">
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
            {columns.map((c, i) => <td key={i} className={classes(c)} data-testid={c.testId}>{c.cell(row)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return <div className={frame === 'card' ? 'card overflow-x-auto p-0' : 'overflow-x-auto'}>{table}</div>;
}
