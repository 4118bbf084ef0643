import Link from 'next/link';
import { Num } from '@/components/ui/formatted';

interface Row {
  id: string;
  name: string;
  description: string | null;
  /** Null when the criteria no longer compile, e.g. an attribute they use was removed. */
  count: number | null;
  updatedAt: string;
}

export function SegmentsTable({ segments }: { segments: Row[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" data-testid="segments-table">
        <thead><tr><th>Name</th><th className="text-right">Contacts</th><th>Updated</th></tr></thead>
        <tbody className="divide-y divide-gray-100">
          {segments.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/segments/${s.id}`} className="font-medium text-indigo-600 hover:underline">{s.name}</Link>
                {s.description && <div className="text-xs text-gray-500">{s.description}</div>}
              </td>
              <td className="text-right tabular-nums">{s.count === null ? <span className="text-amber-700">needs fixing</span> : <Num value={s.count} />}</td>
              <td>{s.updatedAt.slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
