'use client';

import { useState } from 'react';
import type { CallPolicy } from '@/lib/channels/content';

/** A call step's retries and calling hours, saved together. */
export function CallPolicyFields({ stepNumber, policy, disabled, onSave }: { stepNumber: number; policy: CallPolicy; disabled: boolean; onSave: (p: Record<string, string>) => void }) {
  const initial = { maxAttempts: String(policy.maxAttempts), retryMinutes: String(policy.retryMinutes), callingHoursStart: policy.callingHoursStart, callingHoursEnd: policy.callingHoursEnd };
  const [draft, setDraft] = useState(initial);
  const changed = JSON.stringify(draft) !== JSON.stringify(initial);
  const field = (key: keyof typeof draft, label: string, type: 'number' | 'time') => (
    <label className="text-xs text-gray-600">
      {label}
      <input className="input mt-0.5 w-28" type={type} aria-label={`${label} (step ${stepNumber})`} value={draft[key]} disabled={disabled} min={type === 'number' ? 1 : undefined}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))} />
    </label>
  );
  return (
    // POST, so a submit before hydration never puts the values in a URL.
    <form method="post" className="mt-2 flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); onSave(draft); }}>
      {field('maxAttempts', 'Attempts', 'number')}
      {field('retryMinutes', 'Minutes between', 'number')}
      {field('callingHoursStart', 'Call from', 'time')}
      {field('callingHoursEnd', 'Call until', 'time')}
      <button type="submit" className="btn-secondary" disabled={disabled || !changed}>Save call settings</button>
      <p className="w-full text-xs text-gray-500">Busy or unanswered calls are tried again; calls go only within these hours in the contact’s time zone.</p>
    </form>
  );
}
