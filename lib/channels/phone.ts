import { z } from 'zod';

/** E.164: a plus, a country code that does not start with 0, and at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Separators people type inside a number; anything else (letters, a second plus) makes it invalid. */
const SEPARATORS = /[\s().\-\u00a0]/g;

/** The E.164 form of a typed number (`+44 20 7946 0958` → `+442079460958`, `0044…` too), or null when it is not one. */
export function normalizePhone(input: string): string | null {
  let s = input.trim().replace(SEPARATORS, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  return E164.test(s) ? s : null;
}

export const PHONE_FORMAT_MESSAGE = 'Write the number in international format, with + and the country code (e.g. +14155550123)';

/** An optional phone number as forms, imports and the API take it: blank is none, anything else must be E.164. */
export const optionalPhoneSchema = z
  .string({ error: 'Expected text' })
  .nullish()
  .transform((v, ctx) => {
    if (v === null || v === undefined || v.trim() === '') return v === undefined ? undefined : null;
    const phone = normalizePhone(v);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: PHONE_FORMAT_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });
