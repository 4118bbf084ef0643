import { createHash, randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import type { Role } from '@/lib/auth/roles';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Creates a key and returns its secret once; only its hash is stored. */
export async function createApiKey(input: { workspaceId: string; name: string; role: Role; createdById?: string }) {
  const prefix = randomBytes(4).toString('hex');
  const secret = `hk_${prefix}_${randomBytes(24).toString('base64url')}`;
  const record = await db.apiKey.create({
    data: { workspaceId: input.workspaceId, name: input.name, role: input.role, prefix, keyHash: hashKey(secret), createdById: input.createdById },
    select: { id: true, name: true, prefix: true, role: true, createdAt: true },
  });
  return { ...record, secret };
}

export function listApiKeys(workspaceId: string) {
  return db.apiKey.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, prefix: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

export async function revokeApiKey(workspaceId: string, id: string) {
  const { count } = await db.apiKey.updateMany({ where: { id, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound('API key');
  for (const [hash, entry] of verifiedKeys) if (entry.key.id === id) verifiedKeys.delete(hash);
}

/**
 * How long a verified key is trusted without asking the database again. The revoking process forgets the key at
 * once; other instances honour a revocation within this time. It takes the lookup off every analytics API call.
 */
export const VERIFIED_KEY_TTL_MS = 5_000;
const MAX_VERIFIED_KEYS = 1_000;

type VerifiedKey = { key: { id: string; workspaceId: string; role: string; lastUsedAt: Date | null }; until: number };
// On globalThis: route handlers and server actions are separate module graphs, and a revocation must reach both.
const verifiedKeys: Map<string, VerifiedKey> = ((globalThis as { __heraldVerifiedKeys?: Map<string, VerifiedKey> }).__heraldVerifiedKeys ??= new Map());

/** Resolves a presented key to its workspace and role, or null when unknown or revoked. */
export async function verifyApiKey(secret: string) {
  if (!/^hk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}$/.test(secret)) return null;
  const hash = hashKey(secret);
  const now = Date.now();
  const remembered = verifiedKeys.get(hash);
  let key = remembered && remembered.until > now ? remembered.key : null;
  if (!key) {
    verifiedKeys.delete(hash);
    const found = await db.apiKey.findUnique({ where: { keyHash: hash }, select: { id: true, workspaceId: true, role: true, revokedAt: true, lastUsedAt: true } });
    // Unknown and revoked keys are never remembered, so guessing cannot fill the map.
    if (!found || found.revokedAt) return null;
    key = { id: found.id, workspaceId: found.workspaceId, role: found.role, lastUsedAt: found.lastUsedAt };
    if (verifiedKeys.size >= MAX_VERIFIED_KEYS) verifiedKeys.clear();
    verifiedKeys.set(hash, { key, until: now + VERIFIED_KEY_TTL_MS });
  }
  // Touch at most once a minute so hot API paths don't write on every call.
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > 60_000) {
    key.lastUsedAt = new Date(now);
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: key.lastUsedAt } }).catch(() => undefined);
  }
  return { keyId: key.id, workspaceId: key.workspaceId, role: key.role as Role };
}

export function apiKeyFromRequest(req: Request): string | null {
  const auth = req.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return req.headers.get('x-api-key');
}
