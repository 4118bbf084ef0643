/** The words a refused field gets when its schema names no message of its own. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '@/lib/http/errors';

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a refusal');
  return fieldErrorsOf(r.error);
};

describe('plain validation messages', () => {
  it('names a missing, null or mistyped field in words a person filling a form understands', () => {
    const schema = z.object({ name: z.string(), count: z.number(), on: z.boolean(), tags: z.array(z.string()), at: z.coerce.number() });
    expect(errorsOf(schema, { name: null, count: '3', tags: 'a', at: 'soon' })).toEqual({
      name: ['Give text, not null'],
      count: ['Expected a number'],
      on: ['Required'],
      tags: ['Expected a list'],
      at: ['Enter a number'],
    });
    expect(errorsOf(schema, [])).toEqual({ _: ['Expected an object'] });
  });

  it('lists the choices, says the bounds and names unknown fields', () => {
    expect(errorsOf(z.object({ role: z.enum(['admin', 'viewer']) }), { role: 'owner' })).toEqual({ role: ['Choose one of "admin", "viewer"'] });
    expect(errorsOf(z.object({ kind: z.literal('group') }), { kind: 'x' })).toEqual({ kind: ['Must be "group"'] });
    expect(errorsOf(z.object({ n: z.string().min(1), m: z.string().max(3), l: z.array(z.number()).max(1_000), k: z.number().min(5) }), { n: '', m: 'abcd', l: Array(1_001).fill(1), k: 4 })).toEqual({
      n: ['Required'],
      m: ['At most 3 characters'],
      l: ['At most 1,000 items'],
      k: ['At least 5'],
    });
    expect(errorsOf(z.object({ id: z.uuid(), email: z.email() }), { id: 'x', email: 'y' })).toEqual({ id: ['Not a valid id'], email: ['Enter an email address'] });
    expect(errorsOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual({ _: ['Unknown fields: b, c'] });
  });

  it('keeps every message a schema gives', () => {
    expect(errorsOf(z.object({ name: z.string('Name the campaign').min(1, 'Name the campaign') }), { name: '' })).toEqual({ name: ['Name the campaign'] });
    expect(errorsOf(z.object({ name: z.string('Name the campaign') }), {})).toEqual({ name: ['Name the campaign'] });
  });
});
