/**
 * Headers every response carries. The CSP follows Next's App Router nonce recipe: scripts run only with this
 * request's nonce (and what they load, via 'strict-dynamic'); styles allow inline because charts set style attributes.
 */
export function securityHeaders(options: { nonce: string; https: boolean; dev?: boolean }): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}

/** Whether the browser reached us over https, directly or through a proxy that says so. */
export function arrivedOverHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded ? forwarded === 'https' : new URL(req.url).protocol === 'https:';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a cookie-authenticated request may change something: a browser always names the page's origin on a
 * mutation, so a foreign Origin, or a browser request (Sec-Fetch-Site) from another site without one, is refused.
 */
export function sameOriginMutation(req: Request): boolean {
  if (!MUTATING.has(req.method.toUpperCase())) return true;
  const origin = req.headers.get('origin');
  if (!origin) {
    const site = req.headers.get('sec-fetch-site');
    return !site || site === 'same-origin' || site === 'none';
  }
  let claimed: URL;
  try {
    claimed = new URL(origin);
  } catch {
    return false;
  }
  const host = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host') || new URL(req.url).host;
  const configured = [process.env.NEXTAUTH_URL, process.env.APP_URL].flatMap((u) => {
    try {
      return u ? [new URL(u).host] : [];
    } catch {
      return [];
    }
  });
  return claimed.host === host || configured.includes(claimed.host);
}
