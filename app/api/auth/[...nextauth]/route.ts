import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { authOptions } from '@/lib/auth/options';
import { clientIp, reserveSignInAttempt } from '@/lib/auth/throttle';
import { arrivedOverHttps } from '@/lib/http/security-headers';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

const nextAuth = (req: Request, ctx: Ctx) => NextAuth(authOptions({ https: arrivedOverHttps(req) }))(req, ctx);

export const GET = nextAuth;

/** Credential posts are counted per IP and per account before next-auth sees them: 429 with Retry-After. */
export async function POST(req: Request, ctx: Ctx) {
  if (new URL(req.url).pathname.endsWith('/callback/credentials')) {
    const form = await req.clone().formData().catch(() => null);
    const email = String(form?.get('email') ?? '');
    const retryAfter = email ? await reserveSignInAttempt(email, clientIp(req.headers)) : 0;
    if (retryAfter > 0) {
      const url = new URL(`/sign-in?error=TooManyAttempts&retryAfter=${retryAfter}`, req.url).toString();
      return NextResponse.json(
        { error: `Too many failed sign-in attempts. Try again in ${retryAfter} s.`, url },
        { status: 429, headers: { 'Retry-After': String(retryAfter) } },
      );
    }
  }
  return nextAuth(req, ctx);
}
