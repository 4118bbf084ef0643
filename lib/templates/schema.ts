import { z } from 'zod';

export const MAX_HTML_BYTES = 500 * 1024;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Blank optional text is stored as null, so "no text part" has one spelling. */
const optionalText = (max: number, message: string) =>
  z
    .string({ error: 'Expected text' })
    .nullish()
    .transform((v) => (v && v.trim() ? v : null))
    .refine((v) => v === null || bytes(v) <= max, message);

const body = {
  subject: z.string({ error: 'Write a subject' }).trim().min(1, 'Write a subject').max(300, 'At most 300 characters'),
  preheader: optionalText(1000, 'At most 1,000 bytes').refine((v) => v === null || v.length <= 300, 'At most 300 characters'),
  htmlBody: z
    .string({ error: 'Write the HTML body' })
    .refine((v) => v.trim().length > 0, 'Write the HTML body')
    .refine((v) => bytes(v) <= MAX_HTML_BYTES, 'The HTML body is larger than 500 KB'),
  textBody: optionalText(MAX_HTML_BYTES, 'The text body is larger than 500 KB'),
};

/** A template as the editor and the API send it. */
export const templateInputSchema = z.object({
  name: z.string({ error: 'Name the template' }).trim().min(1, 'Name the template').max(120, 'At most 120 characters'),
  ...body,
});

export type TemplateInput = z.infer<typeof templateInputSchema>;

/** Unsaved content to preview, optionally for one contact of the caller's workspace. */
export const previewInputSchema = z.object({
  ...body,
  contactId: z.uuid('Choose a contact from the list').nullish(),
});

export type PreviewInput = z.infer<typeof previewInputSchema>;

export const testSendInputSchema = z.object({
  to: z.string({ error: 'Enter an email address' }).trim().toLowerCase().max(254, 'At most 254 characters').pipe(z.email('Enter a valid email address')),
  contactId: z.uuid('Choose a contact from the list').nullish(),
});

export type TestSendInput = z.infer<typeof testSendInputSchema>;

/** The largest JSON body the template routes read: two 500 KB bodies with room for escaping. */
export const TEMPLATE_BODY_LIMIT = 3 * 1024 * 1024;
