import { DataTable, type Column } from '@/components/ui/data-table';
import { DateTime, Num } from '@/components/ui/formatted';
import { formatWait } from '@/lib/format';

export interface ScheduleRow {
  id: string;
  stepIndex: number;
  templateName: string;
  timeZone: string;
  offsetMinutes: number;
  dueAt: string;
  sent: number;
  failed: number;
  /** Of the failed, those that bounced after sending (also counted as sent). */
  bounced: number;
  pending: number;
  stateLabel: string;
}

const columns: Column<ScheduleRow>[] = [
  { header: 'Step', cell: (r) => r.stepIndex + 1 },
  { header: 'Template', cell: (r) => r.templateName },
  { header: 'After the first', hideBelow: 'md', cell: (r) => (r.offsetMinutes ? formatWait(Math.floor(r.offsetMinutes / 1440), Math.floor((r.offsetMinutes % 1440) / 60)) : '—') },
  { header: 'Zone', hideBelow: 'md', cell: (r) => r.timeZone },
  { header: 'Due', cell: (r) => <DateTime value={r.dueAt} timeZone={r.timeZone} withZone={false} /> },
  { header: 'Sent', align: 'right', testId: 'step-sent', cell: (r) => <Num value={r.sent} /> },
  {
    header: 'Failed',
    align: 'right',
    testId: 'step-failed',
    cell: (r) => (
      <>
        <Num value={r.failed} />
        {r.bounced > 0 && (
          <span className="block text-xs text-gray-500">
            <Num value={r.bounced} /> bounced
          </span>
        )}
      </>
    ),
  },
  { header: 'Pending', align: 'right', testId: 'step-pending', cell: (r) => <Num value={r.pending} /> },
  { header: 'State', testId: 'step-state', cell: (r) => r.stateLabel },
];

/** The campaign's send steps (per zone when sending in recipients' zones): when each is due and what it has sent. */
export function ScheduleTable({ rows }: { rows: ScheduleRow[] }) {
  return <DataTable rows={rows} columns={columns} rowKey={(r) => r.id} rowTestId={(r) => `schedule-step-${r.stepIndex + 1}`} testId="schedule-table" caption="Send steps" frame="bare" />;
}
