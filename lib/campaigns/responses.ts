/** Response schemas of the campaign routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';
import { campaignStatusSchema } from '@/lib/campaigns/schema';

/** A campaign row as saved. */
export const campaignRecord = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  segmentId: z.uuid(),
  flowId: z.uuid().nullable(),
  templateId: z.uuid().nullable(),
  startDate: z.string().nullable(),
  startTimeOfDay: z.string(),
  timeZone: z.string().nullable(),
  useRecipientTimeZone: z.boolean(),
  sendRateLimit: z.number().nullable(),
  quietHours: z.enum(['workspace', 'off', 'custom']),
  quietHoursStart: z.string().nullable(),
  quietHoursEnd: z.string().nullable(),
  cappedSends: z.enum(['defer', 'skip']),
  holdoutPercent: z.number().int(),
  status: campaignStatusSchema,
  targetedCount: z.number().int(),
  excludedCount: z.number().int(),
  scheduledCount: z.number().int(),
  createdById: z.uuid().nullable(),
  activatedAt: z.iso.datetime().nullable(),
  activatedById: z.uuid().nullable(),
  pausedAt: z.iso.datetime().nullable(),
  pausedById: z.uuid().nullable(),
  completedAt: z.iso.datetime().nullable(),
  completedById: z.uuid().nullable(),
  firstSentAt: z.iso.datetime().nullable(),
  lastSentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** What a campaign points at, by id and name. */
const linked = z.object({ id: z.uuid(), name: z.string() });

/** A campaign with what it points at and its schedule rows. */
export const campaignDetail = campaignRecord.extend({
  segment: linked,
  flow: linked.nullable(),
  template: linked.nullable(),
  schedule: z.array(z.object({
    id: z.uuid(),
    campaignId: z.uuid(),
    stepIndex: z.number().int(),
    flowStepId: z.uuid().nullable(),
    templateId: z.uuid().nullable(),
    timeZone: z.string().nullable(),
    offsetMinutes: z.number().int(),
    dueAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })),
});

/** POST /api/campaigns (201) and PATCH /api/campaigns/{id}: `warnings` says when a missing flow was dropped. */
export const campaignSavedResponse = z.object({ campaign: campaignRecord, warnings: z.array(z.string()) });

/** GET /api/campaigns/{id}: the campaign and its status history. */
export const campaignDetailResponse = z.object({ campaign: campaignDetail, history: z.array(z.object({
  id: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
})) });

/** GET /api/campaigns: newest first, with the total of the filter. */
export const campaignPageResponse = pageSchema(z.object({
  id: z.uuid(),
  name: z.string(),
  status: campaignStatusSchema,
  startDate: z.string().nullable(),
  startTimeOfDay: z.string(),
  timeZone: z.string().nullable(),
  targetedCount: z.number().int(),
  excludedCount: z.number().int(),
  scheduledCount: z.number().int(),
  createdAt: z.iso.datetime(),
  activatedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  segment: z.object({
    id: z.uuid(),
    name: z.string(),
  }),
  flow: z.object({
    id: z.uuid(),
    name: z.string(),
  }).nullable(),
})).extend({ total: z.number().int() });

/** DELETE /api/campaigns/{id}. */
export const campaignDeletedResponse = z.object({
  deleted: z.boolean(),
});

/** PUT /api/campaigns/{id}/status: the campaign; activation adds who it targets and when sending starts. */
export const statusChangeResponse = z.object({
  campaign: campaignRecord,
  targeted: z.number().int().optional(),
  excluded: z.number().int().optional(),
  exclusions: z.record(z.string(), z.number().int()).optional().describe('Recipients left out at activation, by reason'),
  messagesToSend: z.number().int().optional(),
  firstSendAt: z.iso.datetime().nullable().optional(),
});

/** GET /api/campaigns/send-time. */
export const sendTimeResponse = z.object({
  basis: z.string(),
  reason: z.string().nullable(),
  slot: z.object({
    dayOfWeek: z.number().int(),
    dayName: z.string(),
    hour: z.number().int(),
    timeOfDay: z.string(),
    nextStartDate: z.string(),
    timeZone: z.string().nullable(),
  }),
  sample: z.object({
    contacts: z.number().int(),
    events: z.number().int(),
  }),
  segmentSample: z.object({
    contacts: z.number().int(),
    events: z.number().int(),
  }),
  minimumContacts: z.number().int(),
  windowDays: z.number().int(),
  byHourOfWeek: z.array(z.object({
    dayOfWeek: z.number().int(),
    hour: z.number().int(),
    events: z.number().int(),
  })),
});
