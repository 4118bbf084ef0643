import Link from 'next/link';

const tabs = [
  { value: '', label: 'All' },
  { value: 'draft', label: 'Drafts' },
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'completed', label: 'Completed' },
];

/** Filter tabs for the campaign list; each is a link so the filter lives in the address. */
export function StatusTabs({ current }: { current: string }) {
  return (
    <nav aria-label="Filter by status" className="mb-4 flex gap-1 border-b border-gray-200">
      {tabs.map((t) => {
        const active = t.value === current;
        return (
          <Link
            key={t.value || 'all'}
            href={t.value ? `/campaigns?status=${t.value}` : '/campaigns'}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-gray-500 hover:text-gray-800'}`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
