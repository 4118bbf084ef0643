'use client';

import { useId, useRef, type ReactNode } from 'react';

interface Props {
  label: string;
  title: string;
  children?: ReactNode;
  confirmLabel?: string;
  tone?: 'primary' | 'danger' | 'secondary';
  disabled?: boolean;
  onConfirm: () => void;
  testId?: string;
}

/** A button whose action runs only after a modal confirmation (native <dialog>, so focus and Escape just work). */
export function ConfirmButton({ label, title, children, confirmLabel, tone = 'primary', disabled, onConfirm, testId }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const btn = tone === 'danger' ? 'btn-danger' : tone === 'secondary' ? 'btn-secondary' : 'btn-primary';
  return (
    <>
      <button type="button" className={btn} disabled={disabled} onClick={() => dialog.current?.showModal()} data-testid={testId}>
        {label}
      </button>
      <dialog ref={dialog} className="w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40" aria-labelledby={titleId}>
        <div className="p-5">
          <h2 id={titleId} className="text-lg font-semibold">{title}</h2>
          {children && <div className="mt-2 text-sm text-gray-600">{children}</div>}
          <div className="mt-5 flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>Cancel</button>
            <button
              type="button"
              className={btn}
              onClick={() => {
                dialog.current?.close();
                onConfirm();
              }}
            >
              {confirmLabel ?? label}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
