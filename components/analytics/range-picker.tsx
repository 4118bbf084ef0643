'use client';

import { useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { rangeParamsOf } from '@/lib/analytics/query-key';

export const PRESETS = [
  { value: '1d', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
] as const;

/** The range in the address bar, as the analytics API's own params, so a shared link shows the same view. */
function useRangeParams(defaultPreset: string): Record<string, string> {
  const sp = useSearchParams();
  return rangeParamsOf((key) => sp.get(key), defaultPreset);
}

/** Writes params into the address (replacing, not stacking history), keeping the others. */
export function useSetParams() {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  return (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(sp.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Presets (24 hours, 7, 30, 90 days) and a custom start/end date, kept in the URL. */
export function RangePicker({ defaultPreset }: { defaultPreset: string }) {
  const range = useRangeParams(defaultPreset);
  const setParams = useSetParams();
  const custom = 'startDate' in range;
  const [open, setOpen] = useState(custom);
  const [start, setStart] = useState(range.startDate ?? '');
  const [end, setEnd] = useState(range.endDate ?? today());
  const invalid = !start || !end || start > end;
  const pill = (active: boolean) => `rounded-md px-3 py-1.5 text-sm font-medium ${active ? 'bg-indigo-600 text-white' : 'bg-white text-gray-700 hover:bg-gray-100'}`;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="range-picker">
      <div role="group" aria-label="Time range" className="flex gap-1 rounded-lg border border-gray-200 bg-white p-1">
        {PRESETS.map((p) => (
          <button key={p.value} type="button" aria-pressed={!custom && range.timeRange === p.value} className={pill(!custom && range.timeRange === p.value)}
            onClick={() => {
              setOpen(false);
              setParams({ timeRange: p.value === defaultPreset ? null : p.value, startDate: null, endDate: null });
            }}>
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={custom} aria-expanded={open} className={pill(custom)} onClick={() => setOpen((o) => !o)}>Custom</button>
      </div>
      {open && (
        <form method="post" className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!invalid) setParams({ startDate: start, endDate: end, timeRange: null });
          }}>
          <label className="text-xs text-gray-600">From<input type="date" className="input mt-0.5" value={start} max={end || undefined} onChange={(e) => setStart(e.target.value)} /></label>
          <label className="text-xs text-gray-600">To<input type="date" className="input mt-0.5" value={end} min={start || undefined} onChange={(e) => setEnd(e.target.value)} /></label>
          <button type="submit" className="btn-primary" disabled={invalid}>Apply</button>
        </form>
      )}
    </div>
  );
}
