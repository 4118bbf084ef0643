'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signInWithPassword, type SignInState } from '@/lib/auth/sign-in';
import { clientIp } from '@/lib/auth/throttle';

/**
 * The sign-in form's action: without JavaScript the browser posts the form and follows the redirect; with it the
 * client is told where to go and makes a full navigation, so the session provider starts from the new cookie.
 */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('x-forwarded-host') ?? h.get('host')}`;
  const result = await signInWithPassword({
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
    callbackUrl: String(form.get('callbackUrl') ?? '') || null,
    origin,
    ip: clientIp(h),
  });
  if (!result.ok) return { error: result.error, retryAfter: result.retryAfter };
  const jar = await cookies();
  for (const c of result.cookies) jar.set(c);
  if (form.get('enhanced') === '1') return { to: result.to };
  redirect(result.to);
}
