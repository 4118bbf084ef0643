import Link from 'next/link';
import { Num } from '@/components/ui/formatted';

/** Previous / next links for a numbered list; `hrefOf` builds each page's address. */
export function Pagination({ page, pageSize, total, hrefOf }: { page: number; pageSize: number; total: number; hrefOf: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const link = 'rounded-md border border-gray-300 bg-white px-3 py-1 text-sm hover:bg-gray-50';
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-gray-600">
      <span>Page {page} of {pages} · <Num value={total} /> in all</span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={link} href={hrefOf(page - 1)} rel="prev">Previous</Link> : <span className={`${link} opacity-40`}>Previous</span>}
        {page < pages ? <Link className={link} href={hrefOf(page + 1)} rel="next">Next</Link> : <span className={`${link} opacity-40`}>Next</span>}
      </span>
    </nav>
  );
}
