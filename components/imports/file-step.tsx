'use client';

import { useState } from 'react';
import { ApiError, uploadCsv, type UploadProgress, type UploadedImport } from '@/components/imports/api';

const MAX_MB = 200;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: bytes < 10 * 1024 * 1024 ? 1 : 0 })} MB`;

/** The upload's bar and words: how much has gone out, what was already there from an interrupted attempt. */
function UploadBar({ progress }: { progress: UploadProgress }) {
  const percent = progress.totalBytes > 0 ? Math.floor((progress.sentBytes * 100) / progress.totalBytes) : 0;
  return (
    <div>
      <div className="h-3 w-full overflow-hidden rounded-full bg-gray-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Upload progress">
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-sm text-gray-600" aria-live="polite" data-testid="upload-status">
        {progress.phase === 'checking'
          ? 'Uploaded · checking the file…'
          : `Uploading ${mb(progress.sentBytes)} of ${mb(progress.totalBytes)} · ${percent}%`}
        {progress.resumedBytes > 0 && ` · resumed, ${mb(progress.resumedBytes)} were already uploaded`}
      </p>
    </div>
  );
}

/** Step 1: choose a CSV and upload it; the server answers with its columns and a suggested mapping. */
export function FileStep({ onUploaded }: { onUploaded: (upload: UploadedImport) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // The input itself, not a copy in state: a file chosen before the page hydrated is there too.
    const input = e.currentTarget.elements.namedItem('file');
    const chosen = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!chosen) return setError('Choose a CSV file first.');
    if (chosen.size > MAX_MB * 1024 * 1024) return setError(`The file is larger than ${MAX_MB} MB; split it into smaller files.`);
    setUploading(true);
    setError(null);
    setProgress({ phase: 'sending', sentBytes: 0, totalBytes: chosen.size, resumedBytes: 0 });
    try {
      onUploaded(await uploadCsv(chosen, setProgress));
    } catch (err) {
      setError(
        err instanceof ApiError
          ? err.message
          : 'The upload was interrupted; check your connection and press Upload again (or choose the same file after a reload) to resume where it stopped.',
      );
    } finally {
      setUploading(false);
    }
  }

  return (
    <form method="post" onSubmit={submit} className="card space-y-4" aria-labelledby="file-step-heading">
      <h2 id="file-step-heading" className="text-lg font-semibold">1. Choose a CSV file</h2>
      <p className="text-sm text-gray-500">
        The first row must name the columns. UTF-8, separated by commas, semicolons or tabs, up to {MAX_MB} MB (about a million contacts).
      </p>
      <div>
        <label htmlFor="import-file" className="label">CSV file</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          className="input"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'import-file-error' : undefined}
          onChange={() => {
            setError(null);
            setProgress(null);
          }}
        />
        {error && <p id="import-file-error" role="alert" className="field-error">{error}</p>}
      </div>
      {progress && <UploadBar progress={progress} />}
      <noscript>
        <p className="text-sm text-amber-800">Turn on JavaScript to upload: the file goes up in pieces, so a large one can resume after an interruption.</p>
      </noscript>
      <button type="submit" className="btn-primary" disabled={uploading}>{uploading ? 'Uploading…' : 'Upload'}</button>
    </form>
  );
}
