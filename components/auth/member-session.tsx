'use client';

import { SessionProvider } from 'next-auth/react';
import type { Session } from 'next-auth';
import type { ReactNode } from 'react';

/**
 * The signed-in member's session for client components (the workspace switcher's `update`), handed over by the
 * server that already read it: without it every page load and window focus asked `/api/auth/session` again.
 */
export function MemberSession({ session, children }: { session: Session | null; children: ReactNode }) {
  return (
    <SessionProvider session={session} refetchOnWindowFocus={false}>
      {children}
    </SessionProvider>
  );
}
