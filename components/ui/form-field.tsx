import type { ReactNode } from 'react';

/** The id of a field's validation messages, for the control's `aria-describedby`. */
export const fieldErrorId = (id: string) => `${id}-error`;

/** A labelled control with its validation messages beside it (one element, so one id however many messages). */
export function FormField({ id, label, errors, children, hint }: { id: string; label: string; errors?: string[]; children: ReactNode; hint?: string }) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      {children}
      {hint && !errors?.length && <p className="mt-1 text-xs text-gray-500">{hint}</p>}
      {errors?.length ? (
        <div id={fieldErrorId(id)}>
          {errors.map((e) => <p key={e} className="field-error">{e}</p>)}
        </div>
      ) : null}
    </div>
  );
}

export function ActionMessage({ state }: { state: { ok: boolean; message?: string; error?: string } | null }) {
  if (!state) return null;
  if (state.ok) return state.message ? <p role="status" className="text-sm text-green-700">{state.message}</p> : null;
  return <p role="alert" className="text-sm text-red-600">{state.error}</p>;
}
