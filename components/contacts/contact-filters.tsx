/** A plain GET form: the search, tag and opt-in filters live in the URL, so results can be shared and bookmarked. */
export function ContactFilters({ q, tag, optIn }: { q: string; tag: string; optIn: 'yes' | 'no' | 'all' }) {
  return (
    <form method="get" action="/contacts" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-[16rem] flex-1">
        <label htmlFor="contact-search" className="label">Search</label>
        <input id="contact-search" name="q" type="search" className="input" defaultValue={q} placeholder="Email prefix or name" maxLength={200} />
      </div>
      <div>
        <label htmlFor="contact-tag" className="label">Tag</label>
        <input id="contact-tag" name="tag" type="search" className="input w-40" defaultValue={tag} placeholder="e.g. vip" maxLength={100} />
      </div>
      <div>
        <label htmlFor="contact-opt-in" className="label">Marketing opt-in</label>
        <select id="contact-opt-in" name="optIn" className="input" defaultValue={optIn}>
          <option value="all">Everyone</option>
          <option value="yes">Opted in</option>
          <option value="no">Not opted in</option>
        </select>
      </div>
      <button type="submit" className="btn-primary">Search</button>
    </form>
  );
}
