import Link from 'next/link';
import { StatusBadge } from '@/components/campaigns/status-badge';
import { Num } from '@/components/ui/formatted';

export interface CampaignRow {
  id: string;
  name: string;
  status: string;
  segmentName: string;
  flowName: string | null;
  startDate: string | null;
  startTimeOfDay: string;
  timeZone: string;
  targetedCount: number;
  scheduledCount: number;
  createdAt: string;
}

export function CampaignTable({ rows }: { rows: CampaignRow[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="campaigns-table">
        <thead>
          <tr><th>Name</th><th>Status</th><th>Audience</th><th>Content</th><th>Starts</th><th className="text-right">Targeted</th><th className="text-right">Emails</th><th className="hidden xl:table-cell">Created</th></tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((c) => (
            <tr key={c.id}>
              <td><Link className="font-medium text-indigo-700 hover:underline" href={`/campaigns/${c.id}`}>{c.name}</Link></td>
              <td><StatusBadge status={c.status} /></td>
              <td>{c.segmentName}</td>
              <td>{c.flowName ?? 'Single email'}</td>
              <td>{c.startDate ? `${c.startDate} ${c.startTimeOfDay} ${c.timeZone}` : '—'}</td>
              <td className="text-right"><Num value={c.targetedCount} /></td>
              <td className="text-right"><Num value={c.scheduledCount} /></td>
              <td className="hidden whitespace-nowrap xl:table-cell">{c.createdAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
