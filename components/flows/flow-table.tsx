import Link from 'next/link';
import { formatWait } from '@/lib/format';

export interface FlowRow {
  id: string;
  name: string;
  description: string | null;
  emailCount: number;
  stepCount: number;
  totalWaitHours: number;
  campaignCount: number;
  locked: boolean;
  updatedAt: string;
}

export function FlowTable({ rows }: { rows: FlowRow[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="flows-table">
        <thead><tr><th>Name</th><th>Emails</th><th>Spans</th><th>Campaigns</th><th>Updated</th></tr></thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((f) => (
            <tr key={f.id}>
              <td>
                <Link className="font-medium text-indigo-700 hover:underline" href={`/flows/${f.id}`}>{f.name}</Link>
                {f.locked && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">in use</span>}
                {f.description && <div className="text-xs text-gray-500">{f.description}</div>}
              </td>
              <td>{f.emailCount} of {f.stepCount} steps</td>
              <td>{formatWait(Math.floor(f.totalWaitHours / 24), f.totalWaitHours % 24)}</td>
              <td>{f.campaignCount}</td>
              <td>{f.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
