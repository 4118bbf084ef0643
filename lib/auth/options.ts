import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/lib/db';
import { verifyPassword } from '@/lib/auth/password';
import { authSecret } from '@/lib/auth/secret';
import { safeCallback } from '@/lib/auth/callback';
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from '@/lib/auth/throttle';
import type { Role } from '@/lib/auth/roles';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address'),
  password: z.string().min(1, 'Enter your password'),
});

/** The user's first workspace, or the one asked for when they are a member of it. */
async function membershipFor(userId: string, workspaceId?: string) {
  return db.membership.findFirst({
    where: { userId, ...(workspaceId ? { workspaceId } : {}) },
    orderBy: { createdAt: 'asc' },
    select: { workspaceId: true, role: true },
  });
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          if ((await signInRetryAfter(email)) > 0) throw new Error('TooManyAttempts');
          const user = await db.user.findUnique({ where: { email } });
          const ok = user ? await verifyPassword(password, user.passwordHash) : false;
          if (!user || !ok) {
            await recordSignInFailure(email);
            return null;
          }
          await clearSignInFailures(email);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      // next-auth's own redirects (a form post, sign-out) follow the same same-origin rule as the sign-in page.
      redirect({ url, baseUrl }) {
        return new URL(safeCallback(url, baseUrl), baseUrl).href;
      },
      async jwt({ token, user, trigger, session }) {
        if (user) {
          const m = await membershipFor(user.id);
          token.workspaceId = m?.workspaceId;
          token.role = m?.role as Role | undefined;
        }
        // The workspace switcher calls `update({ workspaceId })`; membership is checked, never trusted.
        if (trigger === 'update' && session && typeof session.workspaceId === 'string' && token.sub) {
          const m = await membershipFor(token.sub, session.workspaceId);
          if (m) {
            token.workspaceId = m.workspaceId;
            token.role = m.role as Role;
          }
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { ...session.user, id: token.sub ?? '', email: token.email ?? '', name: token.name ?? '' };
        session.workspaceId = token.workspaceId;
        session.role = token.role;
        return session;
      },
    },
  };
}
