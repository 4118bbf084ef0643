import Link from 'next/link';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Day, SendCounts } from '@/components/ui/formatted';
import { formatWait } from '@/lib/format';
import type { TemplateChannel } from '@/lib/channels/content';

export interface FlowRow {
  id: string;
  name: string;
  description: string | null;
  sends: Record<TemplateChannel, number>;
  stepCount: number;
  totalWaitHours: number;
  campaignCount: number;
  locked: boolean;
  updatedAt: string;
}

const columns: Column<FlowRow>[] = [
  {
    header: 'Name',
    cell: (f) => (
      <>
        <Link className="font-medium text-indigo-700 hover:underline" href={`/flows/${f.id}`}>{f.name}</Link>
        {f.locked && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">in use</span>}
        {f.description && <div className="text-xs text-gray-500">{f.description}</div>}
      </>
    ),
  },
  { header: 'Sends', cell: (f) => <><SendCounts counts={f.sends} none="Nothing" /> in {f.stepCount === 1 ? '1 step' : `${f.stepCount} steps`}</> },
  { header: 'Spans', cell: (f) => formatWait(Math.floor(f.totalWaitHours / 24), f.totalWaitHours % 24) },
  { header: 'Campaigns', align: 'right', cell: (f) => f.campaignCount },
  { header: 'Updated', cell: (f) => <Day value={f.updatedAt} /> },
];

export function FlowTable({ rows }: { rows: FlowRow[] }) {
  return <DataTable rows={rows} columns={columns} rowKey={(f) => f.id} testId="flows-table" caption="Flows" />;
}
