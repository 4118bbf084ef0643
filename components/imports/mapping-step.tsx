'use client';

import { useState } from 'react';
import {
  ApiError,
  declareAttribute,
  discardImport,
  startImport,
  type AttributeType,
  type ExistingContacts,
  type ImportProgress,
  type UploadedImport,
} from '@/components/imports/api';

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

/** The select's choice that opens the new-attribute form instead of mapping the column. */
const NEW_ATTRIBUTE = '__new_attribute';

const TYPE_LABELS: Record<AttributeType, string> = { string: 'Text', number: 'Number', date: 'Date', boolean: 'Yes / no' };

const targetLabel = (target: string) => FIELD_LABELS[target] ?? `Attribute: ${target.replace(/^attributes\./, '')}`;

/** A header as an attribute key: "Home City" → "home_city" (keys are lowercase snake_case starting with a letter). */
const keyFor = (header: string) => {
  const key = header.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
  return /^[a-z]/.test(key) ? key : `field_${key}`.replace(/_+$/, '');
};

/** Declares an attribute for one column right from the mapping table, then maps the column to it. */
function NewAttribute({ header, onCreated, onCancel }: { header: string; onCreated: (key: string) => void; onCancel: () => void }) {
  const [key, setKey] = useState(keyFor(header));
  const [type, setType] = useState<AttributeType>('string');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  async function create() {
    setSaving(true);
    setError(null);
    try {
      onCreated((await declareAttribute(key, type)).key);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('The attribute could not be created; try again.'));
      setSaving(false);
    }
  }

  return (
    <div className="mt-2 space-y-2 rounded border border-gray-200 p-2" role="group" aria-label={`New attribute for ${header}`}>
      <div className="flex flex-wrap gap-2">
        <label className="text-xs text-gray-600">
          Attribute key
          <input className="input" value={key} onChange={(e) => setKey(e.target.value)} aria-invalid={Boolean(error?.fieldErrors.key)} />
        </label>
        <label className="text-xs text-gray-600">
          Type
          <select className="input" value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
            {(Object.keys(TYPE_LABELS) as AttributeType[]).map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
          </select>
        </label>
      </div>
      {error && <p role="alert" className="field-error">{error.fieldErrors.key?.[0] ?? error.message}</p>}
      <div className="flex gap-2">
        <button type="button" className="btn-primary" onClick={create} disabled={saving || key.trim() === ''}>{saving ? 'Creating…' : 'Create attribute'}</button>
        <button type="button" className="btn-secondary" onClick={onCancel} disabled={saving}>Cancel</button>
      </div>
    </div>
  );
}

/**
 * Step 2: one select per CSV column, prefilled with the suggestions; a column must be mapped to email. A column no
 * field fits can become a new custom attribute here, and the user says what happens to contacts that already exist.
 */
export function MappingStep({ upload, onStarted, onCancel }: { upload: UploadedImport; onStarted: (progress: ImportProgress) => void; onCancel: () => void }) {
  const [mapping, setMapping] = useState<Record<string, string>>(upload.suggestedMapping);
  const [targets, setTargets] = useState<string[]>(upload.targets);
  const [optInSource, setOptInSource] = useState('');
  const [existing, setExisting] = useState<ExistingContacts>('update');
  const [error, setError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);
  const hasEmail = Object.values(mapping).includes('email');
  const declaring = Object.values(mapping).includes(NEW_ATTRIBUTE);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStarting(true);
    setError(null);
    try {
      onStarted(await startImport(upload.id, mapping, optInSource, existing));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('The import could not be started; try again.'));
      setStarting(false);
    }
  }

  function attributeCreated(header: string, key: string) {
    const target = `attributes.${key}`;
    // New attributes go just before "Do not import", like the declared ones the server listed.
    setTargets((all) => (all.includes(target) ? all : [...all.filter((t) => t !== 'ignore'), target, 'ignore']));
    setMapping((m) => ({ ...m, [header]: target }));
  }

  return (
    <form method="post" onSubmit={submit} className="card space-y-4" aria-labelledby="mapping-step-heading">
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
                      {targets.map((t) => <option key={t} value={t}>{targetLabel(t)}</option>)}
                      <option value={NEW_ATTRIBUTE}>New attribute…</option>
                    </select>
                    {mapping[header] === NEW_ATTRIBUTE && (
                      <NewAttribute header={header} onCreated={(key) => attributeCreated(header, key)} onCancel={() => setMapping({ ...mapping, [header]: 'ignore' })} />
                    )}
                    {fieldErrors?.map((m) => <p key={m} className="field-error">{m}</p>)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <fieldset className="space-y-1">
        <legend className="label">Contacts that already exist (same email)</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="existing" value="update" checked={existing === 'update'} onChange={() => setExisting('update')} />
          Update them with the values in the file
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="existing" value="skip" checked={existing === 'skip'} onChange={() => setExisting('skip')} />
          Skip them and leave them as they are
        </label>
      </fieldset>
      <div className="max-w-md">
        <label htmlFor="opt-in-source" className="label">Opt-in source (optional)</label>
        <input id="opt-in-source" className="input" maxLength={100} value={optInSource} onChange={(e) => setOptInSource(e.target.value)} placeholder="e.g. Spring fair sign-up sheet" />
        <p className="mt-1 text-xs text-gray-500">Recorded on rows that opt in to marketing and have no source of their own.</p>
        {error?.fieldErrors.optInSource?.map((m) => <p key={m} className="field-error">{m}</p>)}
      </div>
      {!hasEmail && <p role="alert" className="text-sm text-red-600">Map a column to email.</p>}
      {error && <p role="alert" className="text-sm text-red-600">{error.message}</p>}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={!hasEmail || declaring || starting}>{starting ? 'Starting…' : 'Start import'}</button>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => {
            void discardImport(upload.id);
            onCancel();
          }}
          disabled={starting}
        >
          Choose another file
        </button>
      </div>
    </form>
  );
}
