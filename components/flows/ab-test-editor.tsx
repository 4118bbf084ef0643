'use client';

import { useState } from 'react';

/** A send step's A/B test as the editor holds it: variants B, C, … besides the step's own email (A). */
export interface EditorAbTest {
  variants: { templateId: string; delayMinutes: number }[];
  testPercent: number;
  metric: 'opens' | 'clicks' | 'conversions';
  conversionEvent?: string;
  windowMinutes: number;
}

interface Props {
  stepNumber: number;
  test: EditorAbTest | null;
  templates: { id: string; name: string; subject: string }[];
  conversionEvents: readonly string[];
  disabled: boolean;
  onSave: (test: EditorAbTest | null) => void;
}

const letter = (i: number) => String.fromCharCode(65 + i);
const fresh = (templates: Props['templates']): EditorAbTest => ({ variants: [{ templateId: templates[1]?.id ?? templates[0]?.id ?? '', delayMinutes: 0 }], testPercent: 20, metric: 'opens', windowMinutes: 240 });

/** Edits the test of one send step; nothing is saved until "Save A/B test". */
export function AbTestEditor({ stepNumber, test, templates, conversionEvents, disabled, onSave }: Props) {
  const [draft, setDraft] = useState<EditorAbTest | null>(test);
  const changed = JSON.stringify(draft) !== JSON.stringify(test);
  const patch = (p: Partial<EditorAbTest>) => setDraft((d) => (d ? { ...d, ...p } : d));
  const setVariant = (i: number, p: Partial<EditorAbTest['variants'][number]>) => patch({ variants: draft!.variants.map((v, j) => (j === i ? { ...v, ...p } : v)) });
  const label = (what: string) => `Step ${stepNumber} A/B test: ${what}`;

  if (!draft) {
    return (
      <button type="button" className="mt-2 text-xs font-medium text-indigo-700 hover:underline disabled:opacity-40" disabled={disabled || templates.length === 0} onClick={() => setDraft(fresh(templates))}>
        + A/B test this email
      </button>
    );
  }
  return (
    <fieldset className="mt-3 space-y-3 rounded-md border border-indigo-100 bg-indigo-50/40 p-3" data-testid="ab-test-editor">
      <legend className="px-1 text-sm font-medium">A/B test</legend>
      <p className="text-xs text-gray-600">Variant A is the email above. The test share is split evenly between the variants; when the window ends, the best one goes to everybody else.</p>
      <ol className="space-y-2">
        {draft.variants.map((v, i) => (
          <li key={i} className="flex flex-wrap items-end gap-2">
            <span className="w-20 text-sm font-medium">Variant {letter(i + 1)}</span>
            <select className="input w-64" aria-label={label(`template of variant ${letter(i + 1)}`)} value={v.templateId} disabled={disabled} onChange={(e) => setVariant(i, { templateId: e.target.value })}>
              {templates.map((t) => <option key={t.id} value={t.id}>{t.name} — {t.subject}</option>)}
            </select>
            <label className="text-sm">Send delay (min) <input type="number" min={0} max={10080} className="input w-24" aria-label={label(`delay of variant ${letter(i + 1)} in minutes`)} value={v.delayMinutes} disabled={disabled} onChange={(e) => setVariant(i, { delayMinutes: Number(e.target.value) })} /></label>
            {draft.variants.length > 1 && <button type="button" className="btn-secondary px-2 py-0.5 text-red-600" aria-label={label(`remove variant ${letter(i + 1)}`)} disabled={disabled} onClick={() => patch({ variants: draft.variants.filter((_, j) => j !== i) })}>✕</button>}
          </li>
        ))}
      </ol>
      {draft.variants.length < 4 && <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" disabled={disabled} onClick={() => patch({ variants: [...draft.variants, { templateId: templates[0]?.id ?? '', delayMinutes: 0 }] })}>+ Variant</button>}
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">Test share (%) <input type="number" min={2} max={100} className="input w-24" aria-label={label('test share in percent')} value={draft.testPercent} disabled={disabled} onChange={(e) => patch({ testPercent: Number(e.target.value) })} /></label>
        <label className="text-sm">Winning metric{' '}
          <select className="input w-40" aria-label={label('winning metric')} value={draft.metric} disabled={disabled} onChange={(e) => patch({ metric: e.target.value as EditorAbTest['metric'] })}>
            <option value="opens">Opens</option>
            <option value="clicks">Clicks</option>
            <option value="conversions">Conversions</option>
          </select>
        </label>
        {draft.metric === 'conversions' && (
          <label className="text-sm">Conversion event{' '}
            <select className="input w-56" aria-label={label('conversion event')} value={draft.conversionEvent ?? ''} disabled={disabled} onChange={(e) => patch({ conversionEvent: e.target.value || undefined })}>
              <option value="">Choose…</option>
              {conversionEvents.map((e) => <option key={e} value={e}>{e}</option>)}
            </select>
          </label>
        )}
        <label className="text-sm">Test window (min) <input type="number" min={1} max={43200} className="input w-28" aria-label={label('window in minutes')} value={draft.windowMinutes} disabled={disabled} onChange={(e) => patch({ windowMinutes: Number(e.target.value) })} /></label>
      </div>
      <div className="flex gap-2">
        {changed && <button type="button" className="btn-primary" disabled={disabled} onClick={() => onSave(draft)}>Save A/B test</button>}
        <button type="button" className="btn-secondary" disabled={disabled} onClick={() => (test ? onSave(null) : setDraft(null))}>{test ? 'Remove A/B test' : 'Cancel'}</button>
        {changed && <span className="self-center text-xs text-amber-700">Not saved yet</span>}
      </div>
    </fieldset>
  );
}
