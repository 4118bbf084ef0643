import bcrypt from 'bcryptjs';
import { arrivedOverHttps } from '@/lib/http/security-headers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { JWT } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { authOptions } from '@/lib/auth/options';
import { MAX_PASSWORD_BYTES, PASSWORD_COST, hashPassword } from '@/lib/auth/password';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_MAX_PER_IP, reserveSignInAttempt } from '@/lib/auth/throttle';
import { newMemberSchema } from '@/lib/workspaces/members';
import { parseWith } from '@/lib/http/parse';
import * as nextAuthRoute from '@/app/api/auth/[...nextauth]/route';

// Counts bcrypt compares without changing them.
vi.mock('bcryptjs', async (original) => {
  const real = (await original<{ default: typeof import('bcryptjs') }>()).default;
  return { default: { ...real, compare: vi.fn(real.compare) } };
});

const PASSWORD = 'correct-horse-battery-staple';
let email: string;
let userId: string;

beforeAll(async () => {
  email = `owner.${Date.now()}@example.test`;
  const user = await db.user.create({ data: { email, name: 'Owner', passwordHash: await bcrypt.hash(PASSWORD, 10) } });
  userId = user.id;
});

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (credentials: Record<string, string>, ip = '198.51.100.7') =>
  ((authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize)(credentials, { headers: { 'x-forwarded-for': ip } });

let ipCounter = 0;
const freshIp = () => `10.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}.1`;

describe('sign-in throttling', () => {
  it('counts per IP across e-mails: 30 guesses at different accounts are cut off at the IP limit with a wait', async () => {
    const ip = freshIp();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await reserveSignInAttempt(`guess${i}.${ip}@example.test`, ip));
    expect(answers.filter((a) => a === 0)).toHaveLength(SIGN_IN_MAX_PER_IP);
    expect(answers.at(-1)).toBeGreaterThan(0);
    expect(answers.at(-1)).toBeLessThanOrEqual(60);
  });

  it('40 concurrent guesses at one account are never checked more than the limit', async () => {
    const target = `race.${Date.now()}@example.test`;
    const ip = freshIp();
    const answers = await Promise.all(Array.from({ length: 40 }, () => reserveSignInAttempt(target, ip)));
    expect(answers.filter((a) => a === 0)).toHaveLength(SIGN_IN_MAX_FAILURES);
    // From many IPs at once: past the account limit only each IP's first try gets through, once.
    const target2 = `race2.${Date.now()}@example.test`;
    const ips = Array.from({ length: 4 }, freshIp);
    const spread = await Promise.all(Array.from({ length: 40 }, (_, i) => reserveSignInAttempt(target2, ips[i % 4])));
    expect(spread.filter((a) => a === 0).length).toBeLessThanOrEqual(SIGN_IN_MAX_FAILURES + ips.length);
  });

  it('never locks the owner out: others failing on the account do not block a correct password from a clean IP', async () => {
    const attackers = [freshIp(), freshIp(), freshIp()];
    for (const ip of attackers) for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await reserveSignInAttempt(email, ip);
    expect(await reserveSignInAttempt(email, attackers[0])).toBeGreaterThan(0);
    const owner = freshIp();
    expect(await reserveSignInAttempt(email, owner)).toBe(0);
    expect(await authorize({ email, password: PASSWORD }, owner)).toMatchObject({ id: userId });
    // The success cleared the account: the owner is not throttled afterwards either.
    expect(await reserveSignInAttempt(email, owner)).toBe(0);
  });

  it('the auth route answers a throttled attempt with 429 and Retry-After, before any password is checked', async () => {
    const ip = freshIp();
    const target = `route.${Date.now()}@example.test`;
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await reserveSignInAttempt(target, ip);
    vi.mocked(bcrypt.compare).mockClear();
    const res = await nextAuthRoute.POST(
      new Request('http://herald.test/api/auth/callback/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
        body: new URLSearchParams({ email: target, password: 'guess' }),
      }),
      { params: Promise.resolve({ nextauth: ['callback', 'credentials'] }) },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(bcrypt.compare).not.toHaveBeenCalled();
  });
});

describe('passwords', () => {
  it('an unknown e-mail costs a bcrypt compare at full cost, like a wrong password does', async () => {
    vi.mocked(bcrypt.compare).mockClear();
    const t0 = performance.now();
    expect(await authorize({ email: `nobody.${Date.now()}@example.test`, password: 'whatever' }, freshIp())).toBeNull();
    const unknown = performance.now() - t0;
    expect(bcrypt.compare).toHaveBeenCalledTimes(1);
    const dummy = vi.mocked(bcrypt.compare).mock.calls[0][1] as string;
    expect(bcrypt.getRounds(dummy)).toBe(PASSWORD_COST);
    const known = await db.user.create({ data: { email: `known.${Date.now()}@example.test`, name: 'K', passwordHash: await hashPassword(PASSWORD) } });
    const t1 = performance.now();
    expect(await authorize({ email: known.email, password: 'wrong-password' }, freshIp())).toBeNull();
    const wrong = performance.now() - t1;
    // Same work both ways; a generous bound keeps a busy machine from failing it.
    expect(unknown).toBeGreaterThan(wrong * 0.4);
  });

  it(`hashes at cost ${PASSWORD_COST} and upgrades a cheaper hash at the next successful sign-in`, async () => {
    expect(bcrypt.getRounds(await hashPassword('another-password'))).toBe(PASSWORD_COST);
    const user = await db.user.create({ data: { email: `old.${Date.now()}@example.test`, name: 'Old', passwordHash: await bcrypt.hash(PASSWORD, 10) } });
    expect(await authorize({ email: user.email, password: PASSWORD }, freshIp())).toMatchObject({ id: user.id });
    const stored = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(bcrypt.getRounds(stored)).toBe(PASSWORD_COST);
    expect(await bcrypt.compare(PASSWORD, stored)).toBe(true);
  });

  it(`refuses passwords over ${MAX_PASSWORD_BYTES} bytes with a 400 instead of truncating them`, async () => {
    const long = 'x'.repeat(MAX_PASSWORD_BYTES + 1);
    const multibyte = 'é'.repeat(37); // 74 bytes in 37 characters
    await expect(hashPassword(long)).rejects.toMatchObject({ status: 400, details: { fieldErrors: { password: [expect.stringMatching(/72 bytes/)] } } });
    await expect(hashPassword(multibyte)).rejects.toMatchObject({ status: 400 });
    expect(() => parseWith(newMemberSchema, { email: 'm@example.test', name: 'M', password: multibyte, role: 'viewer' })).toThrow(expect.objectContaining({ status: 400 }));
    expect(bcrypt.getRounds(await hashPassword('x'.repeat(MAX_PASSWORD_BYTES)))).toBe(PASSWORD_COST);
  });
});

describe('sessions', () => {
  it('sign-out revokes the session server-side: a copied token stops working', async () => {
    const { jwt } = authOptions().callbacks!;
    const call = (token: JWT, user?: { id: string; sessionVersion: number }) => jwt!({ token, user: user as never, account: null, trigger: user ? 'signIn' : undefined } as never);
    const issued = await call({ sub: userId, email }, { id: userId, sessionVersion: (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion });
    expect(await call(issued)).toMatchObject({ sub: userId });
    await authOptions().events!.signOut!({ token: issued, session: null as never });
    expect(await call(issued)).not.toHaveProperty('sub');
    // A new sign-in gets a working token again.
    const fresh = await call({ sub: userId, email }, { id: userId, sessionVersion: (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion });
    expect(await call(fresh)).toMatchObject({ sub: userId });
  });

  it('cookies are Secure when the request arrived over https behind a proxy, even with an http NEXTAUTH_URL', () => {
    process.env.NEXTAUTH_URL = 'http://herald.test';
    const behindProxy = new Request('http://herald.test/api/auth/callback/credentials', { headers: { 'x-forwarded-proto': 'https' } });
    expect(arrivedOverHttps(behindProxy)).toBe(true);
    const cookies = authOptions({ https: arrivedOverHttps(behindProxy) }).cookies!;
    for (const name of ['sessionToken', 'csrfToken', 'callbackUrl'] as const) expect(cookies[name]!.options.secure).toBe(true);
    // Same names as next-auth's defaults for an http NEXTAUTH_URL, so the proxy and getServerSession still find them.
    expect(cookies.sessionToken!.name).toBe('next-auth.session-token');
    expect(arrivedOverHttps(new Request('http://herald.test/'))).toBe(false);
    expect(authOptions({ https: false }).cookies).toBeUndefined();
    delete process.env.NEXTAUTH_URL;
  });
});
