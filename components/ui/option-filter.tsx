'use client';

import { useState } from 'react';

/** Pickers with more options than this get a find box. */
const FIND_FROM = 15;

export interface OptionFilter<T> {
  text: string;
  setText: (text: string) => void;
  /** The options whose label holds the text (any case), the chosen one always among them so the select keeps it. */
  visible: readonly T[];
  total: number;
  shown: boolean;
}

/** Narrows a long picker's options as the member types; every segment, flow and template stays reachable. */
export function useOptionFilter<T extends { id: string }>(options: readonly T[], labelOf: (option: T) => string, chosenId: string): OptionFilter<T> {
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const visible = needle ? options.filter((o) => o.id === chosenId || labelOf(o).toLowerCase().includes(needle)) : options;
  return { text, setText, visible, total: options.length, shown: options.length > FIND_FROM };
}

/** The find box above a long picker, saying how many options match. */
export function OptionFind<T>({ id, label, filter }: { id: string; label: string; filter: OptionFilter<T> }) {
  if (!filter.shown) return null;
  return (
    <div className="mb-2 flex items-center gap-3">
      <input id={id} type="search" className="input md:w-72" aria-label={label} placeholder={label} value={filter.text} onChange={(e) => filter.setText(e.target.value)} aria-describedby={`${id}-matches`} />
      <span id={`${id}-matches`} className="text-xs text-gray-500" aria-live="polite">
        {filter.text.trim() ? `${filter.visible.length} of ${filter.total} match` : `${filter.total} to choose from`}
      </span>
    </div>
  );
}
