'use client';

import { useActionState, useState } from 'react';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import type { ActionState } from '@/lib/http/action';

const CHANNELS = [
  { id: 'email', label: 'Email' },
  { id: 'sms', label: 'SMS' },
  { id: 'whatsapp', label: 'WhatsApp' },
  { id: 'voice', label: 'Calls' },
] as const;

interface Props {
  settings: { quietHoursStart: string | null; quietHoursEnd: string | null; frequencyCaps: { channel: string; limit: number; days: number }[] };
  save: (prev: ActionState, form: FormData) => Promise<ActionState>;
}

/** Quiet hours and frequency caps for every campaign of the workspace. */
export function EngagementPanel({ settings, save }: Props) {
  const [state, formAction, saving] = useActionState(save, null);
  const fe = state && !state.ok ? state.fieldErrors : undefined;
  const capErrors = Object.entries(fe ?? {}).flatMap(([k, v]) => (k.startsWith('frequencyCaps') ? v : []));
  // Controlled, so a refused save keeps what was typed (a form action resets uncontrolled fields).
  const [start, setStart] = useState(settings.quietHoursStart ?? '');
  const [end, setEnd] = useState(settings.quietHoursEnd ?? '');
  const [caps, setCaps] = useState(() =>
    Object.fromEntries(CHANNELS.map((c) => {
      const cap = settings.frequencyCaps.find((x) => x.channel === c.id);
      return [c.id, { limit: cap ? String(cap.limit) : '', days: String(cap?.days ?? 7) }];
    })),
  );
  const setCap = (channel: string, field: 'limit' | 'days', value: string) => setCaps((old) => ({ ...old, [channel]: { ...old[channel], [field]: value } }));
  return (
    <section className="card space-y-4" aria-labelledby="engagement-heading">
      <div>
        <h2 id="engagement-heading" className="text-lg font-semibold">Engagement</h2>
        <p className="text-sm text-gray-600">Protect your audience across every campaign. A campaign can use its own quiet hours, or none, and chooses whether a capped email, text or call waits or is skipped.</p>
      </div>
      <form action={formAction} className="space-y-4" noValidate>
        <fieldset className="space-y-2">
          <legend className="label">Quiet hours, in each contact&apos;s local time</legend>
          <div className="flex flex-wrap items-start gap-4">
            <FormField id="quiet-start" label="From" errors={fe?.quietHoursStart}>
              <input id="quiet-start" name="quietHoursStart" type="time" className="input w-36" value={start} onChange={(e) => setStart(e.target.value)} />
            </FormField>
            <FormField id="quiet-end" label="Until" errors={fe?.quietHoursEnd}>
              <input id="quiet-end" name="quietHoursEnd" type="time" className="input w-36" value={end} onChange={(e) => setEnd(e.target.value)} />
            </FormField>
          </div>
          <p className="text-xs text-gray-500">Leave both empty for none. Sends due inside the window wait for its end, and the campaign page says how many are waiting.</p>
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="label">Frequency caps, per contact across all campaigns</legend>
          <table className="text-sm">
            <thead>
              <tr className="text-left text-gray-500"><th className="pr-4 font-normal">Channel</th><th className="pr-4 font-normal">At most (messages)</th><th className="font-normal">Per (days)</th></tr>
            </thead>
            <tbody>
              {CHANNELS.map((c) => (
                <tr key={c.id}>
                  <td className="pr-4">{c.label}</td>
                  <td className="pr-4 py-1"><input aria-label={`${c.label}: at most this many messages`} name={`cap.${c.id}.limit`} type="number" min={1} max={1000} className="input w-28" value={caps[c.id].limit} onChange={(e) => setCap(c.id, 'limit', e.target.value)} placeholder="No cap" /></td>
                  <td className="py-1"><input aria-label={`${c.label}: per this many days`} name={`cap.${c.id}.days`} type="number" min={1} max={365} className="input w-24" value={caps[c.id].days} onChange={(e) => setCap(c.id, 'days', e.target.value)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {capErrors.length > 0 && <p role="alert" className="text-sm text-red-700">{capErrors.join(' ')}</p>}
        </fieldset>
        <ActionMessage state={state} />
        <button type="submit" className="btn-primary" disabled={saving}>{saving ? 'Saving…' : 'Save engagement settings'}</button>
      </form>
    </section>
  );
}
