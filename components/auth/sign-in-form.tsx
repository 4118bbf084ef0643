'use client';

import { useActionState, useEffect, useSyncExternalStore } from 'react';
import type { SignInState } from '@/lib/auth/sign-in';

const messages: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an account.',
  MissingCredentials: 'Enter your email and password.',
  TooManyAttempts: 'Too many failed attempts for this email. Wait a minute and try again.',
  SessionRequired: 'Please sign in to continue.',
};

/** What the page was opened with: where to go afterwards, or an error next-auth redirected with. */
export interface SignInQuery {
  callbackUrl?: string;
  error?: string;
  retryAfter?: string;
}

const noSubscription = () => () => undefined;

function describe(error: string, retryAfter?: number | string | null): string {
  if (error === 'TooManyAttempts' && retryAfter) return `Too many failed attempts for this email. Try again in ${retryAfter} seconds.`;
  return messages[error] ?? 'Sign-in failed. Please try again.';
}

/**
 * A POST form bound to a server action: it signs in before the page's JavaScript has loaded (credentials never go into
 * a URL), and afterwards shows errors in place.
 */
export function SignInForm({ action, query }: { action: (prev: SignInState, form: FormData) => Promise<SignInState>; query: SignInQuery }) {
  const [state, formAction, pending] = useActionState(action, null);
  // False in the server's HTML, true once hydrated: the action then answers where to go instead of redirecting.
  const enhanced = useSyncExternalStore(noSubscription, () => true, () => false);
  useEffect(() => {
    // A full navigation, so the first signed-in render comes from the server with the new session cookie.
    if (state && 'to' in state) window.location.assign(state.to);
  }, [state]);

  const error = state && 'error' in state ? describe(state.error, state.retryAfter) : query.error ? describe(query.error, query.retryAfter) : null;

  return (
    <form action={formAction} className="card space-y-4" noValidate>
      {error && (
        <div role="alert" data-testid="sign-in-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </div>
      )}
      <input type="hidden" name="callbackUrl" value={query.callbackUrl ?? ''} />
      <input type="hidden" name="enhanced" value={enhanced ? '1' : ''} />
      <div>
        <label htmlFor="email" className="label">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required autoFocus className="input" />
      </div>
      <div>
        <label htmlFor="password" className="label">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="input" />
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending || (state !== null && 'to' in state)}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
