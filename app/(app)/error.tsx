'use client';

export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="card border-red-200">
      <h2 className="text-lg font-semibold text-red-700">Something went wrong</h2>
      <p className="mt-1 text-sm text-gray-600">This page could not be loaded. {error.digest ? `Reference: ${error.digest}` : ''}</p>
      <button type="button" onClick={reset} className="btn-secondary mt-4">Try again</button>
    </div>
  );
}
