/**
 * Where to go after sign-in: a path on this app's own origin, or "/" for anything else. The value is parsed as a
 * browser would (against the app origin), so backslashes, control characters and protocol-relative tricks that
 * browsers "repair" into another host are refused before they can be followed.
 */
export function safeCallback(raw: string | null | undefined, origin: string): string {
  if (!raw) return '/';
  // Browsers treat "\" as "/" and drop tabs and newlines, turning "/\evil" or "/\t/evil" into "//evil".
  if (/[\\\u0000-\u001f\u007f-\u009f]/.test(raw)) return '/';
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  const path = url.pathname + url.search + url.hash;
  // A normalised path that starts with "//" would itself be read as another host.
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
