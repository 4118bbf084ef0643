'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebounced } from '@/components/ui/use-debounced';
import type { SegmentCriteria } from '@/lib/segments/criteria';

export interface SegmentPreviewData {
  count: number;
  sample: { id: string; email: string; firstName: string | null; lastName: string | null }[];
  tookMs: number;
}

/** A preview the server refused, with its field errors so the builder can show them beside the nodes. */
export class PreviewError extends Error {
  constructor(message: string, readonly fieldErrors: Record<string, string[]> = {}) {
    super(message);
  }
}

async function fetchPreview(body: string, signal: AbortSignal): Promise<SegmentPreviewData> {
  const res = await fetch('/api/segments/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new PreviewError(json.error ?? 'The preview failed', json.fieldErrors);
  return json as SegmentPreviewData;
}

/** The live count and sample of criteria, re-asked ~300 ms after the last edit; null criteria ask nothing. */
export function useSegmentPreview(criteria: SegmentCriteria | null) {
  const body = useDebounced(criteria ? JSON.stringify({ criteria }) : null, 300);
  return useQuery<SegmentPreviewData, PreviewError>({
    queryKey: ['segment-preview', body],
    queryFn: ({ signal }) => fetchPreview(body!, signal),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
}
