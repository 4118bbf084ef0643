import { z } from 'zod';
import { callContentSchema, textContentSchema } from '@/lib/channels/content';

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

const templateName = z.string({ error: 'Name the template' }).trim().min(1, 'Name the template').max(120, 'At most 120 characters');

/** An email template as the editor and the API send it. */
export const emailTemplateInputSchema = z.object({ name: templateName, channel: z.literal('email'), ...body });

/** A text (SMS, WhatsApp) or call template: its words live in `content`. */
export const phoneTemplateInputSchemas = [
  z.object({ name: templateName, channel: z.literal('sms'), content: textContentSchema }),
  z.object({ name: templateName, channel: z.literal('whatsapp'), content: textContentSchema }),
  z.object({ name: templateName, channel: z.literal('call'), content: callContentSchema }),
] as const;

/** Any template; `channel` defaults to email, so email templates are sent as before. */
export const templateInputSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && (v as { channel?: unknown }).channel === undefined ? { ...v, channel: 'email' } : v),
  z.discriminatedUnion('channel', [emailTemplateInputSchema, ...phoneTemplateInputSchemas], { error: 'Choose a channel: email, sms, whatsapp or call' }),
);

export type TemplateInput = z.infer<typeof templateInputSchema>;
export type EmailTemplateInput = z.infer<typeof emailTemplateInputSchema>;

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
