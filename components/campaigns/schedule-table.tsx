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
  pending: number;
  stateLabel: string;
}

/** The campaign's send steps (per zone when sending in recipients' zones): when each is due and what it has sent. */
export function ScheduleTable({ rows }: { rows: ScheduleRow[] }) {
  return (
    <table className="table" data-testid="schedule-table">
      <thead>
        <tr>
          <th>Step</th><th>Email</th><th className="hidden md:table-cell">After the first</th><th className="hidden md:table-cell">Zone</th><th>Due</th>
          <th className="text-right">Sent</th><th className="text-right">Failed</th><th className="text-right">Pending</th><th>State</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100">
        {rows.map((r) => (
          <tr key={r.id} data-testid={`schedule-step-${r.stepIndex + 1}`}>
            <td>{r.stepIndex + 1}</td>
            <td>{r.templateName}</td>
            <td className="hidden md:table-cell">{r.offsetMinutes ? formatWait(Math.floor(r.offsetMinutes / 1440), Math.floor((r.offsetMinutes % 1440) / 60)) : '—'}</td>
            <td className="hidden md:table-cell">{r.timeZone}</td>
            <td><DateTime value={r.dueAt} timeZone={r.timeZone} withZone={false} /></td>
            <td className="text-right tabular-nums" data-testid="step-sent"><Num value={r.sent} /></td>
            <td className="text-right tabular-nums" data-testid="step-failed"><Num value={r.failed} /></td>
            <td className="text-right tabular-nums" data-testid="step-pending"><Num value={r.pending} /></td>
            <td data-testid="step-state">{r.stateLabel}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
