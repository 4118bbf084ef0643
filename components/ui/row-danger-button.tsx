'use client';

/** A small red text button in a table row that asks the browser to confirm before it acts. */
export function RowDangerButton({ label, question, disabled, onConfirm }: { label: string; question: string; disabled?: boolean; onConfirm: () => void }) {
  return (
    <button type="button" className="text-sm text-red-600 hover:underline disabled:opacity-50" disabled={disabled} onClick={() => { if (confirm(question)) onConfirm(); }}>
      {label}
    </button>
  );
}
