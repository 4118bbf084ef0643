import { describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { SIGN_IN_MAX_FAILURES, reserveSignInAttempt } from '@/lib/auth/throttle';
import { VERIFIED_KEY_TTL_MS, createApiKey, revokeApiKey, verifyApiKey } from '@/lib/auth/api-keys';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { addMember, removeMember, setMemberRole } from '@/lib/workspaces/members';
import { HttpError } from '@/lib/http/errors';
import { createWorkspace } from '../helpers/factory';

describe('passwords', () => {
  it('hashes and verifies, never storing the plain text', async () => {
    const hash = await hashPassword('s3cret-pass');
    expect(hash).not.toContain('s3cret-pass');
    expect(await verifyPassword('s3cret-pass', hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
  });
});

describe('sign-in throttle', () => {
  it('allows five attempts per account and IP within a minute and says how long to wait', async () => {
    const email = `Throttle.${Date.now()}@Example.test`;
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect(await reserveSignInAttempt(email, '203.0.113.1')).toBe(0);
    const wait = await reserveSignInAttempt(email.toLowerCase(), '203.0.113.1');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // A minute later the window has passed.
    expect(await reserveSignInAttempt(email, '203.0.113.1', new Date(Date.now() + 61_000))).toBe(0);
    // Another email is unaffected.
    expect(await reserveSignInAttempt(`other.${email}`, '203.0.113.1')).toBe(0);
  });
});

describe('API keys', () => {
  it('shows the secret once, stores only a hash, and stops working when revoked', async () => {
    const { workspace } = await createWorkspace();
    const key = await createApiKey({ workspaceId: workspace.id, name: 'ci', role: 'viewer' });
    expect(key.secret).toMatch(/^hk_[0-9a-f]{8}_/);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(stored)).not.toContain(key.secret);
    expect(await verifyApiKey(key.secret)).toMatchObject({ workspaceId: workspace.id, role: 'viewer' });
    expect(await verifyApiKey(key.secret + 'x')).toBeNull();
    expect(await verifyApiKey('not-a-key')).toBeNull();
    await revokeApiKey(workspace.id, key.id);
    expect(await verifyApiKey(key.secret)).toBeNull();
  });

  it('cannot revoke another workspace\'s key', async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const key = await createApiKey({ workspaceId: a.workspace.id, name: 'a', role: 'admin' });
    await expect(revokeApiKey(b.workspace.id, key.id)).rejects.toMatchObject({ status: 404 });
    expect(await verifyApiKey(key.secret)).not.toBeNull();
  });

  it('a revocation made by another instance is honoured within the verified-key time, one made here at once', async () => {
    const { workspace } = await createWorkspace();
    const key = await createApiKey({ workspaceId: workspace.id, name: 'elsewhere', role: 'admin' });
    expect(await verifyApiKey(key.secret)).not.toBeNull();
    // Another instance revokes: only the database changes, this process still trusts its recent check.
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    expect(await verifyApiKey(key.secret)).not.toBeNull();
    vi.useFakeTimers({ now: Date.now() + VERIFIED_KEY_TTL_MS + 1, toFake: ['Date'] });
    try {
      expect(await verifyApiKey(key.secret)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
    const here = await createApiKey({ workspaceId: workspace.id, name: 'here', role: 'admin' });
    expect(await verifyApiKey(here.secret)).not.toBeNull();
    await revokeApiKey(workspace.id, here.id);
    expect(await verifyApiKey(here.secret)).toBeNull();
  });
});

describe('members', () => {
  it('adds members, refuses duplicates, and keeps at least one admin', async () => {
    const { workspace, members } = await createWorkspace();
    await addMember(workspace.id, { email: `new.${workspace.slug}@example.test`, name: 'New', password: 'long-enough-1', role: 'viewer' });
    await expect(addMember(workspace.id, { email: members.viewer.email, name: 'dup', password: 'long-enough-1', role: 'viewer' })).rejects.toMatchObject({ status: 409 });
    await expect(setMemberRole(workspace.id, members.admin.id, 'viewer')).rejects.toBeInstanceOf(HttpError);
    await expect(removeMember(workspace.id, members.admin.id)).rejects.toMatchObject({ status: 409 });
    await setMemberRole(workspace.id, members.viewer.id, 'admin');
    await setMemberRole(workspace.id, members.admin.id, 'viewer');
    const roles = await db.membership.findMany({ where: { workspaceId: workspace.id }, select: { role: true } });
    expect(roles.filter((r) => r.role === 'admin')).toHaveLength(1);
  });
});
