import { DateTime } from '@/components/ui/formatted';

export interface HistoryRow {
  id: string;
  fromStatus: string;
  toStatus: string;
  actorName: string;
  note: string | null;
  createdAt: string;
}

/** Who changed the campaign's status, when, from what to what. */
export function StatusHistory({ rows }: { rows: HistoryRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-gray-500">No status changes yet: the campaign is a draft.</p>;
  return (
    <table className="table" data-testid="status-history">
      <thead><tr><th>When</th><th>Change</th><th>By</th><th>Note</th></tr></thead>
      <tbody className="divide-y divide-gray-100">
        {rows.map((r) => (
          <tr key={r.id}>
            <td><DateTime value={r.createdAt} withZone={false} /></td>
            <td>{r.fromStatus} → {r.toStatus}</td>
            <td>{r.actorName}</td>
            <td className="whitespace-normal">{r.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
