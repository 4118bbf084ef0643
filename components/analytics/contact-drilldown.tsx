'use client';

import { useEffect, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ErrorPanel, Skeleton } from './chart-card';
import { getJson } from './fetch';
import { useFormat } from '@/components/format-provider';
import { exclusionReasonLabel } from '@/lib/campaigns/exclusion-reasons';
import type { ContactItem } from './types';

export interface Drill {
  title: string;
  /** `state=…`, `outcome=…` or `event=…[&label=…]` for GET /api/campaigns/[id]/contacts. */
  query: string;
}

const PAGE_SIZE = 25;

/** The contacts behind a clicked bar or step, a page at a time, in a modal dialog. */
export function ContactDrilldown({ campaignId, drill, onClose }: { campaignId: string; drill: Drill | null; onClose: () => void }) {
  const f = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  // The cursors of the pages walked so far belong to one drill: another bar starts again at the first page.
  const [paging, setPaging] = useState<{ query: string; cursors: string[] }>({ query: '', cursors: [] });
  const cursors = paging.query === drill?.query ? paging.cursors : [];
  const cursor = cursors.at(-1);
  const page = cursors.length + 1;
  const setCursors = (next: string[]) => setPaging({ query: drill?.query ?? '', cursors: next });
  useEffect(() => {
    if (drill) dialog.current?.showModal();
    else dialog.current?.close();
  }, [drill]);
  const list = useQuery({
    queryKey: ['campaign-contacts', campaignId, drill?.query, cursor],
    queryFn: () =>
      getJson<{ items: ContactItem[]; nextCursor: string | null; total: number }>(
        `/api/campaigns/${campaignId}/contacts?${drill!.query}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    enabled: drill !== null,
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <dialog ref={dialog} onClose={onClose} className="w-full max-w-2xl rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40" aria-labelledby="drill-title">
      <div className="p-5" data-testid="contact-drilldown">
        <div className="mb-3 flex items-start justify-between gap-3">
          <div>
            <h2 id="drill-title" className="text-lg font-semibold">{drill?.title}</h2>
            {list.data && <p className="text-sm text-gray-500">{f.number(list.data.total)} contacts</p>}
          </div>
          <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>Close</button>
        </div>
        {list.isPending ? (
          <Skeleton kind="list" />
        ) : list.isError && !list.data ? (
          <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
          <p className="py-6 text-center text-sm text-gray-500">No contacts here.</p>
        ) : (
          <table className="table">
            <thead><tr><th>Name</th><th>Email</th>{list.data?.items[0]?.state && <th>State</th>}<th>Engagement controls</th></tr></thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.contactId}>
                  <td>{[c.firstName, c.lastName].filter(Boolean).join(' ') || '—'}</td>
                  <td>{c.email ?? <span className="text-gray-400">{c.contactId}</span>}</td>
                  {c.state && <td>{c.state.replace(/_/g, ' ')}{c.exclusionReason ? ` (${exclusionReasonLabel(c.exclusionReason)})` : ''}</td>}
                  <td className="text-xs text-gray-600" data-testid="contact-controls">
                    {c.controls?.length ? (
                      <ul>{c.controls.slice(0, 3).map((e, i) => <li key={i}>{e.detail}</li>)}{c.controls.length > 3 && <li className="text-gray-400">+{c.controls.length - 3} earlier</li>}</ul>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <div className="mt-3 flex items-center justify-between text-sm text-gray-600">
            <span>Page {page} of {pages}</span>
            <span className="flex gap-2">
              <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
              <button type="button" className="btn-secondary" disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}>Next</button>
            </span>
          </div>
        )}
      </div>
    </dialog>
  );
}
