import Link from 'next/link';
import { StatusBadge } from '@/components/campaigns/status-badge';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Day, Num } from '@/components/ui/formatted';

export interface CampaignRow {
  id: string;
  name: string;
  status: string;
  segmentName: string;
  /** The flow, or the single template with its channel ("SMS: Event reminder"). */
  content: string;
  startDate: string | null;
  startTimeOfDay: string;
  timeZone: string;
  targetedCount: number;
  scheduledCount: number;
  createdAt: string;
}

const columns: Column<CampaignRow>[] = [
  { header: 'Name', cell: (c) => <Link className="font-medium text-indigo-700 hover:underline" href={`/campaigns/${c.id}`}>{c.name}</Link> },
  { header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
  { header: 'Audience', cell: (c) => c.segmentName },
  { header: 'Content', cell: (c) => c.content },
  // The start is a wall-clock time in the campaign's own zone, shown as the campaign states it.
  { header: 'Starts', cell: (c) => (c.startDate ? `${c.startDate} ${c.startTimeOfDay} ${c.timeZone}` : '—') },
  { header: 'Targeted', align: 'right', cell: (c) => <Num value={c.targetedCount} /> },
  { header: 'Scheduled', align: 'right', cell: (c) => <Num value={c.scheduledCount} /> },
  { header: 'Created', hideBelow: 'xl', className: 'whitespace-nowrap', cell: (c) => <Day value={c.createdAt} /> },
];

export function CampaignTable({ rows }: { rows: CampaignRow[] }) {
  return <DataTable rows={rows} columns={columns} rowKey={(c) => c.id} testId="campaigns-table" caption="Campaigns" />;
}
