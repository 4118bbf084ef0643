import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { authSecret } from '@/lib/auth/secret';
import { arrivedOverHttps, securityHeaders } from '@/lib/http/security-headers';

/** Paths anyone may open: API routes answer 401 themselves, tracking links and the sign-in page are public. */
const PUBLIC = /^\/(api\/|_next\/|t\/|sign-in|forbidden|robots\.txt)/;

/** Every response gets the security headers (with a fresh CSP nonce); pages also need a session. */
export async function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const headers = securityHeaders({ nonce, https: arrivedOverHttps(req), dev: process.env.NODE_ENV === 'development' });
  let res: NextResponse;
  if (PUBLIC.test(req.nextUrl.pathname) || (await getToken({ req, secret: authSecret() }))) {
    // Next reads the nonce from the request's CSP header and puts it on its own scripts.
    const requestHeaders = new Headers(req.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);
    res = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const url = new URL('/sign-in', req.url);
    const back = req.nextUrl.pathname + req.nextUrl.search;
    if (back !== '/') url.searchParams.set('callbackUrl', back);
    res = NextResponse.redirect(url);
  }
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|icon.svg|icon.png|apple-touch-icon.png|fonts/).*)' }],
};
