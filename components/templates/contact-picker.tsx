'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from '@/components/ui/use-debounced';

export interface PickedContact {
  id: string;
  email: string;
}

interface ContactRow {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

async function searchContacts(q: string, signal: AbortSignal): Promise<ContactRow[]> {
  const params = new URLSearchParams({ limit: '8' });
  if (q) params.set('q', q);
  const res = await fetch(`/api/v1/contacts?${params}`, { signal });
  if (!res.ok) throw new Error('Contacts could not be searched');
  return ((await res.json()) as { items: ContactRow[] }).items;
}

/** Chooses whom the preview is rendered for: a contact found by email or name, or the sample contact. */
export function ContactPicker({ value, onChange }: { value: PickedContact | null; onChange: (contact: PickedContact | null) => void }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDebounced(query.trim(), 300);
  const results = useQuery({ queryKey: ['template-contact-search', q], queryFn: ({ signal }) => searchContacts(q, signal), enabled: open, staleTime: 30_000 });

  return (
    <div className="relative">
      <label htmlFor="preview-contact" className="label">Preview as</label>
      <div className="flex gap-2">
        <input
          id="preview-contact"
          className="input"
          role="combobox"
          aria-expanded={open}
          aria-controls="preview-contact-list"
          placeholder={value ? value.email : 'Sample contact: search by email or name'}
          value={query}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
        />
        {value && (
          <button type="button" className="btn-secondary whitespace-nowrap" onClick={() => onChange(null)}>Use sample</button>
        )}
      </div>
      {open && (
        <ul id="preview-contact-list" role="listbox" className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-gray-200 bg-white text-sm shadow-lg">
          {results.isLoading && <li className="px-3 py-2 text-gray-500">Searching…</li>}
          {results.isError && <li className="px-3 py-2 text-red-600">{results.error.message}</li>}
          {results.data?.length === 0 && <li className="px-3 py-2 text-gray-500">No contact matches.</li>}
          {results.data?.map((c) => (
            <li key={c.id} role="option" aria-selected={value?.id === c.id}>
              <button
                type="button"
                className="block w-full px-3 py-2 text-left hover:bg-indigo-50"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  onChange({ id: c.id, email: c.email });
                  setQuery('');
                  setOpen(false);
                }}
              >
                <span className="font-medium">{c.email}</span>
                {(c.firstName || c.lastName) && <span className="ml-2 text-gray-500">{[c.firstName, c.lastName].filter(Boolean).join(' ')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
