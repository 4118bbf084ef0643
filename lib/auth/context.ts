import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { authOptions } from '@/lib/auth/options';
import { apiKeyFromRequest, verifyApiKey } from '@/lib/auth/api-keys';
import { forbidden, unauthorized } from '@/lib/http/errors';
import type { Role } from '@/lib/auth/roles';

/** Who is acting and in which workspace; tenant scope always comes from here, never from a request body. */
export interface Actor {
  workspaceId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
  via: 'session' | 'api_key';
}

async function sessionActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id || !session.workspaceId) return null;
  // The role is read fresh so a demotion or removal takes effect on the next request, not at token expiry.
  const m = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: session.user.id, workspaceId: session.workspaceId } },
    select: { role: true },
  });
  if (!m) return null;
  return { workspaceId: session.workspaceId, role: m.role as Role, userId: session.user.id, via: 'session' };
}

/** The caller of a route handler: an API key when one is presented, else the signed-in session. */
export async function currentActor(req?: Request): Promise<Actor | null> {
  const key = req ? apiKeyFromRequest(req) : null;
  if (key) {
    const k = await verifyApiKey(key);
    return k ? { workspaceId: k.workspaceId, role: k.role, apiKeyId: k.keyId, via: 'api_key' } : null;
  }
  return sessionActor();
}

/** For route handlers and server actions: 401 without a caller, 403 with the wrong role. */
export async function requireRole(roles: readonly Role[], req?: Request): Promise<Actor> {
  const actor = await currentActor(req);
  if (!actor) throw unauthorized();
  if (!roles.includes(actor.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return actor;
}

/** For pages: the sign-in page without a session, the access-denied page with the wrong role. */
export async function requirePageRole(roles: readonly Role[]): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect('/sign-in');
  if (!roles.includes(actor.role)) redirect('/forbidden');
  return actor;
}
