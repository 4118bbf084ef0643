import Link from 'next/link';

interface Props {
  basePath: string;
  /** The filters every page link keeps. */
  params: Record<string, string | undefined>;
  prevCursor: string | null;
  nextCursor: string | null;
}

/** Previous/Next links over keyset cursors; an end of the list shows as a disabled control. */
export function CursorPager({ basePath, params, prevCursor, nextCursor }: Props) {
  const href = (cursor: string) => {
    const search = new URLSearchParams(Object.entries({ ...params, cursor }).filter((e): e is [string, string] => Boolean(e[1])));
    return `${basePath}?${search}`;
  };
  const link = (cursor: string | null, label: string, rel: 'prev' | 'next') =>
    cursor ? (
      <Link href={href(cursor)} rel={rel} className="btn-secondary">{label}</Link>
    ) : (
      <span className="btn-secondary pointer-events-none opacity-50" aria-disabled="true">{label}</span>
    );
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-between">
      {link(prevCursor, '← Previous', 'prev')}
      {link(nextCursor, 'Next →', 'next')}
    </nav>
  );
}
