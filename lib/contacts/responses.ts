/** Response schemas of the contact and attribute routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';

/** One declared custom attribute. */
export const attributeResponse = z.object({ key: z.string(), label: z.string(), type: z.enum(['string', 'number', 'boolean', 'date']) });

/** GET /api/attributes. */
export const attributePageResponse = pageSchema(attributeResponse);

/** POST /api/v1/contacts: counts and one result per item (with `error` when every item was rejected, a 400). */
export const contactUpsertResponse = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  results: z.array(z.object({
    index: z.number().int(),
    email: z.string().nullable(),
    status: z.enum(['created', 'updated', 'rejected']),
    id: z.uuid().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('For a rejected item: each bad field'),
  })),
});

/** A contact as lists show it. */
export const contactListItem = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  marketingOptIn: z.boolean(),
  smsOptIn: z.boolean(),
  whatsappOptIn: z.boolean(),
  callOptIn: z.boolean(),
  tags: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

/** GET /api/v1/contacts: newest first; `prevCursor` leads back. */
export const contactPageResponse = pageSchema(contactListItem).extend({ prevCursor: z.string().nullable() });
