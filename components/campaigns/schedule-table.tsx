import { formatInZone, formatWait } from '@/components/campaigns/format';

export interface ScheduleRow {
  id: string;
  stepIndex: number;
  templateName: string;
  timeZone: string;
  offsetMinutes: number;
  dueAt: string;
  finishedAt: string | null;
}

/** The campaign's send steps (per zone when sending in recipients' zones) with their due times. */
export function ScheduleTable({ rows }: { rows: ScheduleRow[] }) {
  return (
    <table className="table" data-testid="schedule-table">
      <thead><tr><th>Step</th><th>Email</th><th>After the first</th><th>Zone</th><th>Due</th><th>State</th></tr></thead>
      <tbody className="divide-y divide-gray-100">
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.stepIndex + 1}</td>
            <td>{r.templateName}</td>
            <td>{r.offsetMinutes ? formatWait(Math.floor(r.offsetMinutes / 1440), Math.floor((r.offsetMinutes % 1440) / 60)) : '—'}</td>
            <td>{r.timeZone}</td>
            <td>{formatInZone(r.dueAt, r.timeZone, false)}</td>
            <td>{r.finishedAt ? 'Finished' : new Date(r.dueAt) <= new Date() ? 'Due' : 'Scheduled'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
