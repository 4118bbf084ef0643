import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/lib/db';
import { dummyHash, hashPassword, needsRehash, passwordTooLong, verifyPassword } from '@/lib/auth/password';
import { authSecret } from '@/lib/auth/secret';
import { safeCallback } from '@/lib/auth/callback';
import { clientIp, signInSucceeded } from '@/lib/auth/throttle';
import type { Role } from '@/lib/auth/roles';
import { logError } from '@/lib/log';

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

/**
 * The session cookies, `Secure` whenever the browser reached us over https, even behind a proxy when NEXTAUTH_URL
 * says http. Names stay next-auth's defaults, so every reader (proxy, getServerSession) still finds them.
 */
function cookies(https: boolean): NextAuthOptions['cookies'] {
  const configuredHttps = (process.env.NEXTAUTH_URL ?? '').startsWith('https://');
  if (!https || configuredHttps) return undefined;
  const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: true };
  return {
    sessionToken: { name: 'next-auth.session-token', options },
    callbackUrl: { name: 'next-auth.callback-url', options: { sameSite: 'lax' as const, path: '/', secure: true } },
    csrfToken: { name: 'next-auth.csrf-token', options },
  };
}

/** Sign-in's outcome for an existing user: rehash a cheaper hash while the plain password is at hand. */
async function upgradeHash(user: { id: string; passwordHash: string }, password: string) {
  if (!needsRehash(user.passwordHash) || passwordTooLong(password)) return;
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
}

export function authOptions(request: { https?: boolean } = {}): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    cookies: cookies(request.https ?? false),
    pages: { signIn: '/sign-in', error: '/sign-in' },
    // next-auth's errors carry request details; they go through the same redaction as every other error log.
    logger: { error: (code, metadata) => logError(`[next-auth][error][${code}]`, metadata) },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        // The attempt was counted (and refused when throttled) by the auth route before it got here.
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const user = await db.user.findUnique({ where: { email } });
          // An unknown e-mail costs one bcrypt compare too, so timing does not tell which e-mails have accounts.
          const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
          if (!user || !ok) return null;
          await signInSucceeded(email, clientIp(req?.headers));
          await upgradeHash(user, password);
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    events: {
      // Server-side revocation: every token issued before this sign-out stops working.
      async signOut({ token }) {
        if (token?.sub) await db.user.updateMany({ where: { id: token.sub }, data: { sessionVersion: { increment: 1 } } });
      },
    },
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
          token.sessionVersion = user.sessionVersion ?? 0;
        } else if (token.sub) {
          // Checked on every read, so a signed-out (copied) cookie stops working at once, not at expiry.
          const current = await db.user.findUnique({ where: { id: token.sub }, select: { sessionVersion: true } });
          if (!current || current.sessionVersion !== (token.sessionVersion ?? 0)) return {};
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
