'use client';

import { signIn } from 'next-auth/react';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeCallback } from '@/lib/auth/callback';

const messages: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an account.',
  TooManyAttempts: 'Too many failed attempts for this email. Wait a minute and try again.',
  SessionRequired: 'Please sign in to continue.',
};

export function SignInForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(params.get('error') ? messages[params.get('error')!] ?? 'Sign-in failed.' : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    const res = await signIn('credentials', { email, password, redirect: false });
    setPending(false);
    if (res?.ok && !res.error) {
      // A full navigation, so the first signed-in render comes from the server with the new session cookie.
      window.location.assign(safeCallback(params.get('callbackUrl'), window.location.origin));
      return;
    }
    if (res?.status === 429) {
      const url = res.url ? new URL(res.url) : null;
      const wait = url?.searchParams.get('retryAfter');
      setError(`Too many failed attempts for this email. Try again in ${wait ?? 60} seconds.`);
      return;
    }
    setError(messages[res?.error ?? ''] ?? 'Sign-in failed. Please try again.');
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4" noValidate>
      {error && (
        <div role="alert" data-testid="sign-in-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </div>
      )}
      <div>
        <label htmlFor="email" className="label">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required autoFocus className="input" />
      </div>
      <div>
        <label htmlFor="password" className="label">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="input" />
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
