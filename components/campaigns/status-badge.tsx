const tones: Record<string, string> = {
  draft: 'bg-gray-100 text-gray-700',
  active: 'bg-green-100 text-green-800',
  paused: 'bg-amber-100 text-amber-800',
  completed: 'bg-indigo-100 text-indigo-800',
};

export function StatusBadge({ status }: { status: string }) {
  return <span data-testid="campaign-status" className={`rounded px-2 py-0.5 text-xs font-medium ${tones[status] ?? tones.draft}`}>{status}</span>;
}
