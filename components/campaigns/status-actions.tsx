'use client';

import { useState, useTransition } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage } from '@/components/ui/form-field';
import type { ActionState } from '@/lib/http/action';

export interface StatusOption {
  to: string;
  verb: string;
}

const explain: Record<string, string> = {
  Activate: 'The audience is frozen now and every send is scheduled. You can pause or complete the campaign later, but not edit it.',
  Pause: 'No more emails, texts or calls go out until you resume. Nothing scheduled is lost.',
  Resume: 'Sending starts again; whatever fell due while the campaign was paused goes out at once.',
  Complete: 'Nothing more is sent, whatever is still scheduled. This cannot be undone.',
};

interface Props {
  campaignId: string;
  status: string;
  options: StatusOption[];
  changeStatus: (id: string, status: string) => Promise<ActionState<unknown>>;
  deleteDraft: (id: string) => Promise<ActionState>;
}

/** The lifecycle buttons of one campaign, each behind a confirmation. */
export function StatusActions({ campaignId, status, options, changeStatus, deleteDraft }: Props) {
  const router = useRouter();
  const [state, setState] = useState<ActionState<unknown>>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<ActionState<unknown>>) =>
    start(async () => {
      const result = await fn();
      setState(result);
      if (result?.ok) router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {status === 'draft' && <Link href={`/campaigns/new?id=${campaignId}`} className="btn-secondary">Continue editing</Link>}
        {status === 'draft' && (
          <ConfirmButton label="Delete" tone="danger" title="Delete this draft?" disabled={pending} onConfirm={() => run(() => deleteDraft(campaignId))} testId="delete-campaign">
            The draft goes for good.
          </ConfirmButton>
        )}
        {options.map((o) => (
          <ConfirmButton
            key={o.to}
            label={o.verb}
            tone={o.verb === 'Complete' ? 'danger' : o.verb === 'Pause' ? 'secondary' : 'primary'}
            title={`${o.verb} this campaign?`}
            disabled={pending}
            onConfirm={() => run(() => changeStatus(campaignId, o.to))}
            testId={`status-${o.verb.toLowerCase()}`}
          >
            {explain[o.verb]}
          </ConfirmButton>
        ))}
      </div>
      <ActionMessage state={state && !state.ok ? state : null} />
    </div>
  );
}
