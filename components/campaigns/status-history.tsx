import { DataTable, type Column } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/formatted';

export interface HistoryRow {
  id: string;
  fromStatus: string;
  toStatus: string;
  actorName: string;
  note: string | null;
  createdAt: string;
}

const columns: Column<HistoryRow>[] = [
  { header: 'When', cell: (r) => <DateTime value={r.createdAt} withZone={false} /> },
  { header: 'Change', cell: (r) => `${r.fromStatus} → ${r.toStatus}` },
  { header: 'By', cell: (r) => r.actorName },
  { header: 'Note', className: 'whitespace-normal', cell: (r) => r.note ?? '' },
];

/** Who changed the campaign's status, when, from what to what. */
export function StatusHistory({ rows }: { rows: HistoryRow[] }) {
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.id} testId="status-history" caption="Status changes" frame="bare" empty="No status changes yet: the campaign is a draft." />;
}
