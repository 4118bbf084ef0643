'use client';

import { useState } from 'react';
import type { TemplatePreviewData } from '@/components/templates/use-template-preview';
import type { TemplateWarning } from '@/lib/templates/issues';

const FIELD_LABELS: Record<string, string> = { subject: 'Subject', preheader: 'Preheader', htmlBody: 'HTML body', textBody: 'Text body' };

/** Unknown variables, each with the field and position where it is used. */
export function TemplateWarnings({ warnings }: { warnings: TemplateWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="template-warnings">
      <div className="font-medium">Unknown variables render empty</div>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {warnings.map((w) => (
          <li key={`${w.field}:${w.line}:${w.column}`}>
            {FIELD_LABELS[w.field]}, line {w.line}, column {w.column}: <code>{w.variable}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The rendered email: subject and preheader, then the HTML in a fully sandboxed frame or the text part. */
export function TemplatePreview({ preview, stale, problem }: { preview: TemplatePreviewData | undefined; stale: boolean; problem: string | null }) {
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const tabClass = (t: typeof tab) => `rounded-md px-3 py-1 text-sm font-medium ${tab === t ? 'bg-indigo-50 text-indigo-700' : 'text-gray-600 hover:bg-gray-100'}`;
  return (
    <section className="card space-y-3" aria-labelledby="preview-heading" aria-busy={stale}>
      <div className="flex items-center justify-between">
        <h2 id="preview-heading" className="text-lg font-semibold">Preview</h2>
        <div className="flex gap-1" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'html'} className={tabClass('html')} onClick={() => setTab('html')}>HTML</button>
          <button type="button" role="tab" aria-selected={tab === 'text'} className={tabClass('text')} onClick={() => setTab('text')}>Text</button>
        </div>
      </div>
      {problem && <p role="alert" className="text-sm text-red-600">{problem}</p>}
      {preview && (
        <>
          <dl className={`grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-sm ${stale || problem ? 'opacity-60' : ''}`}>
            <dt className="text-gray-500">Subject</dt>
            <dd className="font-medium" data-testid="preview-subject">{preview.subject}</dd>
            <dt className="text-gray-500">Preheader</dt>
            <dd className="text-gray-700">{preview.preheader || '—'}</dd>
            <dt className="text-gray-500">To</dt>
            <dd className="text-gray-700">{preview.contact?.email ?? 'sample.contact@example.com (sample contact)'}</dd>
          </dl>
          {tab === 'html' ? (
            <iframe
              title="Rendered email"
              sandbox=""
              srcDoc={preview.html}
              data-testid="template-preview"
              className={`h-[36rem] w-full rounded-md border border-gray-200 bg-white ${stale || problem ? 'opacity-60' : ''}`}
            />
          ) : (
            <pre className="h-[36rem] overflow-auto whitespace-pre-wrap rounded-md border border-gray-200 bg-gray-50 p-3 font-mono text-xs" data-testid="template-preview-text">{preview.text}</pre>
          )}
          <p className="text-xs text-gray-500">Unsubscribe, view-in-browser links and the QR code show sample values here; each recipient gets their own at send time.</p>
        </>
      )}
    </section>
  );
}
