'use client';

import type { Draft } from '@/components/segments/editor-tree';
import type { ValueKind } from '@/lib/segments/fields';

interface Props {
  id: string;
  kind: ValueKind;
  draft: Draft;
  onChange: (draft: Draft) => void;
  invalid: boolean;
  errorId?: string;
}

/** The input(s) an operator's value needs: text, a comma-separated list, a number, a date, or a range of two. */
export function ValueInput({ id, kind, draft, onChange, invalid, errorId }: Props) {
  const common = { className: 'input', 'aria-invalid': invalid, 'aria-describedby': invalid ? errorId : undefined };
  const single = (label: string, props: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={id} className="sr-only">{label}</label>
      <input id={id} {...common} {...props} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} />
    </>
  );
  const range = (type: 'number' | 'date', fromLabel: string, toLabel: string) => (
    <div className="flex items-center gap-2">
      <label htmlFor={`${id}-from`} className="sr-only">{fromLabel}</label>
      <input id={`${id}-from`} type={type} step={type === 'number' ? 'any' : undefined} {...common} value={draft.from} onChange={(e) => onChange({ ...draft, from: e.target.value })} />
      <span className="text-xs text-gray-500" aria-hidden>and</span>
      <label htmlFor={`${id}-to`} className="sr-only">{toLabel}</label>
      <input id={`${id}-to`} type={type} step={type === 'number' ? 'any' : undefined} {...common} value={draft.to} onChange={(e) => onChange({ ...draft, to: e.target.value })} />
    </div>
  );

  switch (kind) {
    case 'none':
      return null;
    case 'text':
      return single('Value', { type: 'text', placeholder: 'Value' });
    case 'tag':
      return single('Tag', { type: 'text', placeholder: 'Tag' });
    case 'text_list':
    case 'tag_list':
    case 'number_list':
      return single('Values, separated by commas', { type: 'text', placeholder: 'a, b, c' });
    case 'number':
      return single('Number', { type: 'number', step: 'any' });
    case 'days':
      return single('Number of days', { type: 'number', min: 1, max: 3650, step: 1, placeholder: 'days' });
    case 'date':
      return single('Date', { type: 'date' });
    case 'number_range':
      return range('number', 'Minimum', 'Maximum');
    case 'date_range':
      return range('date', 'From date', 'To date');
  }
}
