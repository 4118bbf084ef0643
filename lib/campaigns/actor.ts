import type { Actor } from '@/lib/auth/context';

/** The id recorded as "who" on campaign rows and the audit log: the user, or the API key that acted. */
export function actorIdOf(actor: Pick<Actor, 'userId' | 'apiKeyId'>): string | null {
  return actor.userId ?? actor.apiKeyId ?? null;
}
