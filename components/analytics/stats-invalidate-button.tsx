'use client';

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from './fetch';
import { campaignStatsKey } from '@/lib/analytics/query-key';

/** Admins only (seed 004): drops the cached stats so the next read is computed fresh, then refetches it. */
export function StatsInvalidateButton({ campaignId }: { campaignId: string }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<'idle' | 'pending' | 'done' | Error>('idle');

  async function invalidate() {
    setState('pending');
    try {
      const res = await fetch(`/api/campaigns/${campaignId}/stats/invalidate`, { method: 'POST' });
      if (!res.ok) throw new ApiError(`Could not refresh the stats (${res.status})`, res.status);
      await queryClient.invalidateQueries({ queryKey: campaignStatsKey(campaignId) });
      setState('done');
    } catch (err) {
      setState(err as Error);
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className="btn-secondary" onClick={() => void invalidate()} disabled={state === 'pending'} data-testid="stats-invalidate">
        {state === 'pending' ? 'Refreshing…' : 'Refresh stats now'}
      </button>
      {state === 'done' && <span className="text-xs text-emerald-700" role="status">Cache cleared</span>}
      {state instanceof Error && <span className="text-xs text-red-700" role="alert">{state.message}</span>}
    </span>
  );
}
