'use client';

import { useState } from 'react';
import { ApiError, uploadCsv, type UploadedImport } from '@/components/imports/api';

const MAX_MB = 200;

/** Step 1: choose a CSV and upload it; the server answers with its columns and a suggested mapping. */
export function FileStep({ onUploaded }: { onUploaded: (upload: UploadedImport) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return setError('Choose a CSV file first.');
    if (file.size > MAX_MB * 1024 * 1024) return setError(`The file is larger than ${MAX_MB} MB; split it into smaller files.`);
    setUploading(true);
    setError(null);
    try {
      onUploaded(await uploadCsv(file));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The upload failed; check your connection and try again.');
    } finally {
      setUploading(false);
    }
  }

  return (
    <form onSubmit={submit} className="card space-y-4" aria-labelledby="file-step-heading">
      <h2 id="file-step-heading" className="text-lg font-semibold">1. Choose a CSV file</h2>
      <p className="text-sm text-gray-500">
        The first row must name the columns. UTF-8, separated by commas, semicolons or tabs, up to {MAX_MB} MB (about a million contacts).
      </p>
      <div>
        <label htmlFor="import-file" className="label">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          className="input"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'import-file-error' : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
          }}
        />
        {error && <p id="import-file-error" role="alert" className="field-error">{error}</p>}
      </div>
      <button type="submit" className="btn-primary" disabled={!file || uploading}>{uploading ? 'Uploading…' : 'Upload'}</button>
    </form>
  );
}
