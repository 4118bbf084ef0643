'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from '@/components/ui/use-debounced';
import type { TemplateIssue, TemplateWarning } from '@/lib/templates/issues';

export interface TemplatePreviewData {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  warnings: TemplateWarning[];
  contact: { id: string; email: string } | null;
}

export interface PreviewBody {
  subject: string;
  preheader: string;
  htmlBody: string;
  textBody: string;
  contactId: string | null;
}

/** A preview the server refused: syntax or render issues with positions, or plain field errors. */
export class TemplatePreviewError extends Error {
  constructor(
    message: string,
    readonly issues: TemplateIssue[] = [],
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

async function fetchPreview(body: string, signal: AbortSignal): Promise<TemplatePreviewData> {
  const res = await fetch('/api/templates/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new TemplatePreviewError(json.error ?? 'The preview failed', json.issues, json.fieldErrors);
  return json as TemplatePreviewData;
}

/**
 * The rendered preview of unsaved content, re-asked ~400 ms after the last keystroke. `lastGood` keeps the last
 * successful render on screen while a syntax error is being fixed.
 */
export function useTemplatePreview(input: PreviewBody, { enabled = true }: { enabled?: boolean } = {}) {
  const body = useDebounced(JSON.stringify(input), 400);
  const query = useQuery<TemplatePreviewData, TemplatePreviewError>({
    queryKey: ['template-preview', body],
    enabled,
    queryFn: ({ signal }) => fetchPreview(body, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const [lastGood, setLastGood] = useState<TemplatePreviewData | undefined>(undefined);
  if (query.data && query.data !== lastGood) setLastGood(query.data);
  return { ...query, lastGood: query.data ?? lastGood };
}
