import type { ReactNode } from 'react';

/** A labelled control with its validation message beside it. */
export function FormField({ id, label, errors, children, hint }: { id: string; label: string; errors?: string[]; children: ReactNode; hint?: string }) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      {children}
      {hint && !errors?.length && <p className="mt-1 text-xs text-gray-500">{hint}</p>}
      {errors?.map((e) => (
        <p key={e} id={`${id}-error`} className="field-error">{e}</p>
      ))}
    </div>
  );
}

export function ActionMessage({ state }: { state: { ok: boolean; message?: string; error?: string } | null }) {
  if (!state) return null;
  if (state.ok) return state.message ? <p role="status" className="text-sm text-green-700">{state.message}</p> : null;
  return <p role="alert" className="text-sm text-red-600">{state.error}</p>;
}
