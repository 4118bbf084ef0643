/** Response schemas of the template routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';
import { TEMPLATE_CHANNELS } from '@/lib/channels/content';

/** A variable the workspace does not know, and where it is. */
export const templateWarning = z.object({
  field: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  variable: z.string(),
  message: z.string(),
});

/** GET /api/templates/{id}. */
export const templateResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(TEMPLATE_CHANNELS),
  subject: z.string(),
  preheader: z.string().nullable(),
  htmlBody: z.string(),
  textBody: z.string().nullable(),
  /** An SMS or WhatsApp template's `{ body }`, a call template's script and questions; null for email. */
  content: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** POST /api/templates (201) and PUT /api/templates/{id}: the template and its warnings. */
export const savedTemplateResponse = templateResponse.extend({ warnings: z.array(templateWarning) });

/** GET /api/templates: without bodies. */
export const templatePageResponse = pageSchema(z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(TEMPLATE_CHANNELS),
  subject: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}));

/** POST /api/templates/preview: rendered for a sample or chosen contact. */
export const templatePreviewResponse = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  preheader: z.string().nullable(),
  warnings: z.array(z.object({
    field: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    variable: z.string(),
    message: z.string(),
  })),
  contact: z.object({
    id: z.uuid(),
    email: z.string(),
  }),
});

/** POST /api/templates/{id}/test-send. */
export const testSendResponse = z.object({
  providerMessageId: z.string().nullable(),
  accepted: z.boolean(),
  transport: z.string(),
});
