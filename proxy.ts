import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { authSecret } from '@/lib/auth/secret';

/** Pages need a session; API routes answer 401 themselves, and tracking links are public. */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: authSecret() });
  if (token) return NextResponse.next();
  const url = new URL('/sign-in', req.url);
  const back = req.nextUrl.pathname + req.nextUrl.search;
  if (back !== '/') url.searchParams.set('callbackUrl', back);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!api/|_next/|t/|sign-in|forbidden|favicon.ico|fonts/|robots.txt).*)'],
};
