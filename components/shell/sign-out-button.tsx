'use client';

import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-xs font-medium text-gray-500 hover:text-gray-900"
      onClick={async () => {
        // No server-side redirect: it would follow NEXTAUTH_URL, which may name another host than the one in use.
        await signOut({ redirect: false });
        router.replace('/sign-in');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
