import Link from 'next/link';

const LOOKS = {
  chip: 'rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-700 hover:bg-indigo-50 hover:text-indigo-700',
  badge: 'rounded bg-indigo-50 px-2 py-0.5 text-sm text-indigo-700 hover:bg-indigo-100',
} as const;

/** A tag that lists the contacts carrying it: a small chip in tables, a badge on a contact's page. */
export function TagLink({ tag, look }: { tag: string; look: keyof typeof LOOKS }) {
  return (
    <Link href={`/contacts?tag=${encodeURIComponent(tag)}`} className={LOOKS[look]} aria-label={`Contacts tagged ${tag}`}>
      {tag}
    </Link>
  );
}
