import { safeCallback } from '@/lib/auth/callback';
import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import type { ResponseCookie } from 'next/dist/compiled/@edge-runtime/cookies';
import { authOptions } from '@/lib/auth/options';
import { reserveSignInAttempt } from '@/lib/auth/throttle';

/** What the sign-in form's action answers: an error to show, or where to go once signed in. */
export type SignInState = { error: string; retryAfter?: number } | { to: string } | null;

export type PasswordSignIn =
  | { ok: true; to: string; cookies: ResponseCookie[] }
  | { ok: false; error: string; retryAfter?: number };

/** Where to go after signing in: a path on this site only (the one rule of lib/auth/callback.ts). */
const safePath = (raw: string | null | undefined) => safeCallback(raw, 'http://herald.invalid');

interface AuthAnswer {
  status: number;
  location?: string;
  body?: unknown;
  cookies: ResponseCookie[];
}

/** One call of next-auth's handler in its request/response form, the way `getServerSession` calls it. */
async function callNextAuth(action: string[], req: { method: string; headers: Record<string, string>; cookies: Record<string, string>; body?: Record<string, string> }): Promise<AuthAnswer> {
  const headers = new Headers();
  const answer: AuthAnswer = { status: 200, cookies: [] };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => (name.toLowerCase() === 'set-cookie' ? headers.getSetCookie() : headers.get(name) ?? undefined),
    setHeader(name: string, value: string | string[]) {
      headers.delete(name);
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      return res;
    },
    end: () => undefined,
    json: (body: unknown) => void (answer.body = body),
    send: (body: unknown) => void (answer.body = body),
  };
  await NextAuth(authOptions())({ ...req, query: { nextauth: action } } as never, res as never);
  answer.location = headers.get('location') ?? undefined;
  answer.cookies = new NextResponse(null, { headers }).cookies.getAll();
  return answer;
}

/**
 * Signs in with email and password through next-auth's own credentials callback (CSRF pair, throttle, authorize,
 * session cookie), so a plain form post works the same before and after the page's JavaScript has loaded.
 */
export async function signInWithPassword(input: { email: string; password: string; callbackUrl?: string | null; origin: string; ip: string }): Promise<PasswordSignIn> {
  const email = input.email.trim();
  if (!email || !input.password) return { ok: false, error: 'MissingCredentials' };
  // The same throttle as a credentials post to next-auth's route: counted before the password is checked.
  const retryAfter = await reserveSignInAttempt(email, input.ip);
  if (retryAfter > 0) return { ok: false, error: 'TooManyAttempts', retryAfter };

  const headers = { host: new URL(input.origin).host, 'x-forwarded-proto': new URL(input.origin).protocol.slice(0, -1), 'x-forwarded-for': input.ip };
  const csrf = await callNextAuth(['csrf'], { method: 'GET', headers, cookies: {} });
  const csrfToken = (csrf.body as { csrfToken?: string } | undefined)?.csrfToken ?? '';
  const res = await callNextAuth(['callback', 'credentials'], {
    method: 'POST',
    headers,
    cookies: Object.fromEntries(csrf.cookies.map((c) => [c.name, c.value])),
    body: { email, password: input.password, csrfToken, callbackUrl: safePath(input.callbackUrl) },
  });
  const redirect = new URL(res.location ?? '/sign-in?error=SignInFailed', input.origin);
  const error = redirect.searchParams.get('error');
  if (error) return { ok: false, error };
  const cookies = res.cookies.filter((c) => c.name.includes('session-token'));
  if (cookies.length === 0) return { ok: false, error: 'SignInFailed' };
  return { ok: true, to: safePath(redirect.pathname + redirect.search), cookies };
}
