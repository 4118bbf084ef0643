import { z } from 'zod';
import { canonicalTimeZone } from '@/lib/time-zones';
import { ATTRIBUTE_KEY, attributeValueSchema, type AttributeTypes } from '@/lib/contacts/attribute-types';
import { tagListSchema } from '@/lib/contacts/tags';
import { INVALID_CURSOR, isValidCursor } from '@/lib/contacts/cursor';
import { pageLimitSchema } from '@/lib/http/pagination';

import { normalizePhone } from '@/lib/channels/phone';

/** The canonical BCP 47 tag of a locale (`en-gb` → `en-GB`), or null when it is not one. */
export function canonicalLocale(locale: string): string | null {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? null;
  } catch {
    return null;
  }
}

/** Blank strings mean "clear this field", the same as null; an absent key means "leave it as it is". */
const blankIsNull = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullish());

/** A string some Intl lookup accepts, replaced by its canonical spelling. */
const canonical = (canonicalize: (v: string) => string | null, message: string) =>
  z
    .string()
    .trim()
    .max(64, message)
    .refine((v) => canonicalize(v) !== null, message)
    .transform((v) => canonicalize(v) as string);

/** Spaces, dots, dashes and brackets people type are dropped before the E.164 check (lib/channels/phone.ts). */
const phoneSchema = z.string().transform((v, ctx) => normalizePhone(v) ?? (ctx.addIssue({ code: 'custom', message: 'Use E.164 format, e.g. +447700900123' }), z.NEVER));

const personName = z.string().trim().max(100, 'At most 100 characters');

/** Custom attributes: only declared keys, each value of its declared type; null clears an attribute. */
function attributesSchema(attributeTypes: AttributeTypes) {
  return z
    .record(z.string(), z.unknown(), { error: 'Expected an object of attribute values' })
    .transform((attributes, ctx) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(attributes)) {
        const type = ATTRIBUTE_KEY.test(key) && Object.hasOwn(attributeTypes, key) ? attributeTypes[key] : null;
        if (!type) {
          ctx.addIssue({ code: 'custom', path: [key], message: `Unknown attribute "${key.slice(0, 64)}"; declare it in the workspace first` });
          continue;
        }
        const parsed = attributeValueSchema(type).safeParse(value);
        if (parsed.success) out[key] = parsed.data;
        else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [key, ...issue.path], message: issue.message });
      }
      return out;
    });
}

/** One contact as the API and imports send it, normalised: lower-case email, E.164 phone, canonical zone and locale. */
export function contactInputSchema(attributeTypes: AttributeTypes) {
  return z.object({
    email: z.string({ error: 'Enter an email address' }).trim().toLowerCase().max(254, 'At most 254 characters').pipe(z.email('Enter a valid email address')),
    phone: blankIsNull(phoneSchema),
    firstName: blankIsNull(personName),
    lastName: blankIsNull(personName),
    timeZone: blankIsNull(canonical(canonicalTimeZone, 'Use an IANA time zone, e.g. Europe/London')),
    locale: blankIsNull(canonical(canonicalLocale, 'Use a locale like en or en-GB')),
    marketingOptIn: z.boolean({ error: 'Expected true or false' }).optional(),
    /** Consent per phone channel; texts and calls also need a phone number. */
    smsOptIn: z.boolean({ error: 'Expected true or false' }).optional(),
    whatsappOptIn: z.boolean({ error: 'Expected true or false' }).optional(),
    callOptIn: z.boolean({ error: 'Expected true or false' }).optional(),
    optInSource: blankIsNull(z.string().trim().max(100, 'At most 100 characters')),
    tags: tagListSchema.optional(),
    attributes: attributesSchema(attributeTypes).optional(),
  });
}

export type ContactInput = z.infer<ReturnType<typeof contactInputSchema>>;

/** What the contact page edits: the phone number and the consent per channel (same rules as the API). */
export const contactChannelsSchema = contactInputSchema({}).pick({ phone: true, marketingOptIn: true, smsOptIn: true, whatsappOptIn: true, callOptIn: true });
export type ContactChannelsInput = z.infer<typeof contactChannelsSchema>;

/** The most contacts one API call may upsert. */
export const MAX_CONTACT_BATCH = 1000;

/** The batch envelope; items are parsed one by one so one bad contact does not sink the rest. */
export const contactBatchSchema = z.object({
  contacts: z
    .array(z.unknown(), { error: 'Send { "contacts": [ … ] }' })
    .min(1, 'Send at least one contact')
    .max(MAX_CONTACT_BATCH, `At most ${MAX_CONTACT_BATCH.toLocaleString('en-US')} contacts per request; split larger batches`),
});

/** Filters of the contacts list, from a URL's query string. */
export const contactListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  optIn: z.enum(['yes', 'no', 'all']).optional().transform((v) => (v === 'yes' ? true : v === 'no' ? false : undefined)),
  tag: z.string().trim().toLowerCase().max(100).optional().transform((v) => v || undefined),
  cursor: z
    .string()
    .max(500)
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isValidCursor(v), INVALID_CURSOR),
  limit: pageLimitSchema,
});

export type ContactListQuery = z.infer<typeof contactListQuerySchema>;
