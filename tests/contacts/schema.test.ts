import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '@/lib/http/errors';
import { canonicalLocale, contactInputSchema } from '@/lib/contacts/schema';
import { canonicalTimeZone } from '@/lib/time-zones';
import { decodeCursor, encodeCursor } from '@/lib/contacts/cursor';

const schema = contactInputSchema({ plan: 'string', lifetime_value: 'number', beta_tester: 'boolean', signed_up_on: 'date' });
const errorsOf = (input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
};

describe('contact input', () => {
  it('normalises email, phone, zone, locale and tags', () => {
    expect(
      schema.parse({
        email: '  Ava.Smith@Example.COM ',
        phone: '+44 (7700) 900-123',
        firstName: ' Ava ',
        lastName: '',
        timeZone: 'europe/london',
        locale: 'en-gb',
        tags: [' VIP', 'vip', 'Trial'],
        attributes: { plan: 'pro', lifetime_value: 12.5, beta_tester: false, signed_up_on: '2026-01-02T23:30:00-03:00' },
      }),
    ).toEqual({
      email: 'ava.smith@example.com',
      phone: '+447700900123',
      firstName: 'Ava',
      lastName: null,
      timeZone: 'Europe/London',
      locale: 'en-GB',
      tags: ['vip', 'trial'],
      attributes: { plan: 'pro', lifetime_value: 12.5, beta_tester: false, signed_up_on: '2026-01-03' },
    });
  });

  it('keeps absent fields absent so an update leaves them alone, and null clears', () => {
    expect(schema.parse({ email: 'a@b.co', phone: null, attributes: { plan: null } })).toEqual({ email: 'a@b.co', phone: null, attributes: { plan: null } });
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{}, 'email'],
    [{ email: 'a@b.co', phone: '07700900123' }, 'phone'],
    [{ email: 'a@b.co', phone: '+0123456789' }, 'phone'],
    [{ email: 'a@b.co', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ email: 'a@b.co', timeZone: '+01:00' }, 'timeZone'],
    [{ email: 'a@b.co', locale: 'not a locale!' }, 'locale'],
    [{ email: 'a@b.co', marketingOptIn: 'yes' }, 'marketingOptIn'],
    [{ email: 'a@b.co', tags: ['ok', ''] }, 'tags.1'],
    [{ email: 'a@b.co', attributes: { unknown_thing: 1 } }, 'attributes.unknown_thing'],
    [{ email: 'a@b.co', attributes: { lifetime_value: '12' } }, 'attributes.lifetime_value'],
    [{ email: 'a@b.co', attributes: { beta_tester: 'true' } }, 'attributes.beta_tester'],
    [{ email: 'a@b.co', attributes: { signed_up_on: '2026-02-31' } }, 'attributes.signed_up_on'],
    [{ email: 'a@b.co', attributes: { "plan'); drop table contacts; --": 'x' } }, "attributes.plan'); drop table contacts; --"],
    [{ email: 'a@b.co', attributes: [1, 2] }, 'attributes'],
  ])('rejects %j at %s', (input, path) => {
    expect(Object.keys(errorsOf(input))).toEqual([path]);
  });

  it('knows IANA zones and BCP 47 locales', () => {
    expect(canonicalTimeZone('America/New_York')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Nowhere/City')).toBeNull();
    expect(canonicalLocale('fr')).toBe('fr');
    expect(canonicalLocale('x')).toBeNull();
  });
});

describe('contact cursors', () => {
  it('round-trip, and a forged cursor is a 400', () => {
    const cursor = { createdAt: new Date('2026-01-01T00:00:00.123Z'), id: '0b8a0c1e-9e1f-4f43-9d36-8c4f3f1f7a10', direction: 'prev' as const };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const forged of ['garbage', Buffer.from('["x","y","n"]').toString('base64url'), Buffer.from("[\"2026-01-01T00:00:00Z\",\"'; drop\",\"n\"]").toString('base64url')]) {
      expect(() => decodeCursor(forged)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
