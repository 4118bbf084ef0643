const canonical = new Map<string, string | null>();
const CACHE_LIMIT = 2000;

/**
 * The canonical IANA name of a zone (`europe/london` → `Europe/London`), or null when it is not one. Cached, because
 * building an Intl formatter costs about half a millisecond and imports check a zone on every row.
 */
export function canonicalTimeZone(zone: string): string | null {
  const hit = canonical.get(zone);
  if (hit !== undefined) return hit;
  let name: string | null = null;
  // Why: Intl also accepts raw offsets like "+01:00", which are not zones a contact lives in.
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
    try {
      name = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      name = null;
    }
  }
  if (canonical.size >= CACHE_LIMIT) canonical.clear();
  canonical.set(zone, name);
  return name;
}

/** True for names Intl accepts as an IANA zone ("Europe/London", "UTC"); offsets like "+01:00" are refused. */
export function isTimeZone(value: string): boolean {
  return canonicalTimeZone(value) !== null;
}
