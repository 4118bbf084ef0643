import { SignInForm } from '@/components/auth/sign-in-form';
import { signInAction } from './actions';

export const metadata = { title: 'Sign in' };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Rendered on the server with its query, so the whole form is in the first HTML and works before hydration. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="text-2xl font-bold tracking-tight text-indigo-600">Herald</div>
          <h1 className="mt-2 text-lg font-semibold">Sign in to your workspace</h1>
        </div>
        <SignInForm action={signInAction} query={{ callbackUrl: one(q.callbackUrl), error: one(q.error), retryAfter: one(q.retryAfter) }} />
      </div>
    </main>
  );
}
