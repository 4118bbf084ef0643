'use client';

import { useState } from 'react';
import { ApiError, discardImport, startImport, type ImportProgress, type UploadedImport } from '@/components/imports/api';

const FIELD_LABELS: Record<string, string> = {
  email: 'Email (required)',
  first_name: 'First name',
  last_name: 'Last name',
  phone: 'Phone (E.164)',
  time_zone: 'Time zone',
  locale: 'Locale',
  marketing_opt_in: 'Marketing opt-in',
  opt_in_source: 'Opt-in source',
  tags: 'Tags',
  ignore: 'Do not import',
};

const targetLabel = (target: string) => FIELD_LABELS[target] ?? `Attribute: ${target.replace(/^attributes\./, '')}`;

/** Step 2: one select per CSV column, prefilled with the suggestions; a column must be mapped to email. */
export function MappingStep({ upload, onStarted, onCancel }: { upload: UploadedImport; onStarted: (progress: ImportProgress) => void; onCancel: () => void }) {
  const [mapping, setMapping] = useState<Record<string, string>>(upload.suggestedMapping);
  const [optInSource, setOptInSource] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);
  const hasEmail = Object.values(mapping).includes('email');

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStarting(true);
    setError(null);
    try {
      onStarted(await startImport(upload.id, mapping, optInSource));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('The import could not be started; try again.'));
      setStarting(false);
    }
  }

  return (
    <form onSubmit={submit} className="card space-y-4" aria-labelledby="mapping-step-heading">
      <div>
        <h2 id="mapping-step-heading" className="text-lg font-semibold">2. Match the columns of {upload.fileName}</h2>
        <p className="text-sm text-gray-500">Empty cells leave a contact&apos;s existing value as it is. When an email appears twice, the later row wins.</p>
      </div>
      <div className="overflow-x-auto">
        <table className="table" data-testid="import-mapping">
          <thead><tr><th>CSV column</th><th>Sample values</th><th>Import as</th></tr></thead>
          <tbody className="divide-y divide-gray-100">
            {upload.headers.map((header, i) => {
              const id = `map-${i}`;
              const fieldErrors = error?.fieldErrors[`mapping.${header}`];
              return (
                <tr key={header}>
                  <td className="font-medium"><label htmlFor={id}>{header}</label></td>
                  <td className="max-w-xs truncate text-gray-500">{upload.sampleRows.slice(0, 3).map((r) => r[i]).filter(Boolean).join(', ') || '—'}</td>
                  <td>
                    <select id={id} className="input" value={mapping[header] ?? 'ignore'} aria-invalid={Boolean(fieldErrors)}
                      onChange={(e) => setMapping({ ...mapping, [header]: e.target.value })}>
                      {upload.targets.map((t) => <option key={t} value={t}>{targetLabel(t)}</option>)}
                    </select>
                    {fieldErrors?.map((m) => <p key={m} className="field-error">{m}</p>)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="max-w-md">
        <label htmlFor="opt-in-source" className="label">Opt-in source (optional)</label>
        <input id="opt-in-source" className="input" maxLength={100} value={optInSource} onChange={(e) => setOptInSource(e.target.value)} placeholder="e.g. Spring fair sign-up sheet" />
        <p className="mt-1 text-xs text-gray-500">Recorded on rows that opt in to marketing and have no source of their own.</p>
        {error?.fieldErrors.optInSource?.map((m) => <p key={m} className="field-error">{m}</p>)}
      </div>
      {!hasEmail && <p role="alert" className="text-sm text-red-600">Map a column to email.</p>}
      {error && <p role="alert" className="text-sm text-red-600">{error.message}</p>}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={!hasEmail || starting}>{starting ? 'Starting…' : 'Start import'}</button>
        <button type="button" className="btn-secondary" onClick={() => {
          void discardImport(upload.id);
          onCancel();
        }} disabled={starting}>Choose another file</button>
      </div>
    </form>
  );
}
