/** Response schemas of the flow routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';
import { campaignStatusSchema } from '@/lib/campaigns/schema';

/** A flow with its ordered steps and the running campaigns that lock it. */
export const flowResponse = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  steps: z.array(z.object({
    id: z.uuid(),
    flowId: z.uuid().nullable(),
    position: z.number().int(),
    type: z.string(),
    templateId: z.uuid().nullable(),
    abTest: z.object({
      variants: z.array(z.object({ templateId: z.uuid(), delayMinutes: z.number().int() })),
      testPercent: z.number().int(),
      metric: z.enum(['opens', 'clicks', 'conversions']),
      conversionEvent: z.string().optional(),
      windowMinutes: z.number().int(),
    }).nullable(),
    waitDays: z.number().int(),
    waitHours: z.number().int(),
    /** A call step's retries and calling hours; null for other steps. */
    callPolicy: z.object({
      maxAttempts: z.number().int(),
      retryMinutes: z.number().int(),
      callingHoursStart: z.string(),
      callingHoursEnd: z.string(),
    }).nullable(),
    template: z.object({
      id: z.uuid(),
      name: z.string(),
    }).nullable(),
  })),
  lockedBy: z.array(z.object({ id: z.uuid(), name: z.string(), status: campaignStatusSchema })),
});

/** GET, PATCH /api/flows/{id} and POST /api/flows, /api/flows/{id}/copy (201). */
export const flowEnvelopeResponse = z.object({ flow: flowResponse });

/** GET /api/flows. */
export const flowPageResponse = pageSchema(z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  emailCount: z.number().int(),
  /** Send steps by channel (emailCount is the email ones, kept for existing clients). */
  sends: z.object({ email: z.number().int(), sms: z.number().int(), whatsapp: z.number().int(), call: z.number().int() }),
  stepCount: z.number().int(),
  totalWaitHours: z.number().int(),
  campaignCount: z.number().int(),
  locked: z.boolean(),
}));

/** DELETE /api/flows/{id}. */
export const flowDeletedResponse = z.object({
  deleted: z.boolean(),
});
