import { describe, expect, it } from 'vitest';
import { safeCallback } from '@/lib/auth/callback';
import { authOptions } from '@/lib/auth/options';

const origin = 'https://app.herald.test';

describe('callback after sign-in', () => {
  it.each([
    '/%5Cevil.example/phish',
    '/\\evil.example/phish',
    '\\\\evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\u0000/evil.example',
    '//evil.example',
    '///evil.example',
    '/.//evil.example',
    'https://evil.example/phish',
    'http://app.herald.test/downgrade',
    'https://app.herald.test.evil.example/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    '',
    '/%2F/evil.example',
    '%2F%2Fevil.example',
  ])('refuses ?callbackUrl=%s', (query) => {
    // The page reads callbackUrl with URLSearchParams, which percent-decodes it first.
    const decoded = new URLSearchParams(`callbackUrl=${query}`).get('callbackUrl');
    expect(safeCallback(decoded, origin)).toBe('/');
  });

  it.each([
    ['/', '/'],
    ['/campaigns', '/campaigns'],
    ['/campaigns/1?tab=stats#top', '/campaigns/1?tab=stats#top'],
    ['https://app.herald.test/contacts?q=a', '/contacts?q=a'],
    ['/a/../segments', '/segments'],
    // A bare name is a path on this origin, not a host.
    ['evil.example', '/evil.example'],
  ])('keeps same-origin %j', (raw, expected) => {
    expect(safeCallback(raw, origin)).toBe(expected);
  });

  it('every result, resolved the way a browser does, stays on the app origin', () => {
    for (const raw of ['/%5Cevil.example', '/\\evil.example', '/\t/evil.example', '/.//evil.example', '/ok']) {
      expect(new URL(safeCallback(raw, origin), origin).origin).toBe(origin);
    }
  });

  it('next-auth redirects obey the same rule', async () => {
    const redirect = authOptions().callbacks!.redirect!;
    expect(await redirect({ url: '/\\evil.example/phish', baseUrl: origin })).toBe(`${origin}/`);
    expect(await redirect({ url: 'https://evil.example/', baseUrl: origin })).toBe(`${origin}/`);
    expect(await redirect({ url: '/campaigns', baseUrl: origin })).toBe(`${origin}/campaigns`);
  });
});
