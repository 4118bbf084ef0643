import { z } from 'zod';
import { pageQuerySchema } from '@/lib/http/pagination';
import { CampaignStatus } from '@/lib/generated/prisma/enums';
import { isTimeZone } from '@/lib/time-zones';

// Forms send '' for "none"; the API may send null; both mean "not set".
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const optionalId = (message: string) => z.preprocess(blankToNull, z.uuid(message).nullish());

export const campaignStatusSchema = z.enum(CampaignStatus);

/** Start dates outside these years are typing mistakes, and the far ones break date arithmetic downstream. */
export const START_YEAR_MIN = 2000;
export const START_YEAR_MAX = 2100;

export const startDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Not a calendar date')
  .refine((v) => {
    const year = Number(v.slice(0, 4));
    return year >= START_YEAR_MIN && year <= START_YEAR_MAX;
  }, `Choose a date between ${START_YEAR_MIN} and ${START_YEAR_MAX}`);

export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the format HH:MM (24-hour)');

export const optionalTimeOfDaySchema = z.preprocess(blankToNull, timeOfDaySchema.nullish());

/** Quiet hours: both ends or neither, and not the same minute (that would be no window at all). */
export function quietHoursRule(v: { quietHoursStart?: string | null; quietHoursEnd?: string | null }, ctx: z.RefinementCtx) {
  const { quietHoursStart: start, quietHoursEnd: end } = v;
  if (start === undefined && end === undefined) return;
  if (!start !== !end) ctx.addIssue({ code: 'custom', path: [start ? 'quietHoursEnd' : 'quietHoursStart'], message: 'Give both the start and the end of quiet hours, or neither' });
  else if (start && start === end) ctx.addIssue({ code: 'custom', path: ['quietHoursEnd'], message: 'The end must differ from the start' });
}

export const QUIET_HOURS_MODES = ['workspace', 'off', 'custom'] as const;
export const CAPPED_SEND_ACTIONS = ['defer', 'skip'] as const;

/** A custom quiet window needs both ends. */
function campaignQuietHoursRule(v: { quietHours?: string; quietHoursStart?: string | null; quietHoursEnd?: string | null }, ctx: z.RefinementCtx) {
  if (v.quietHours === 'custom' && (!v.quietHoursStart || !v.quietHoursEnd)) {
    ctx.addIssue({ code: 'custom', path: [v.quietHoursStart ? 'quietHoursEnd' : 'quietHoursStart'], message: 'Give the custom quiet hours’ start and end' });
  } else quietHoursRule(v, ctx);
}

export const timeZoneSchema = z.string().trim().refine(isTimeZone, 'Not a known IANA time zone (e.g. Europe/London)');

/** Step 1 of the builder: who the campaign is for. */
export const audienceSchema = z.object({
  name: z.string().trim().min(1, 'Name the campaign').max(120, 'Keep the name under 120 characters'),
  description: z.preprocess(blankToNull, z.string().trim().max(2000, 'Keep the description under 2000 characters').nullish()),
  segmentId: z.uuid('Choose a segment'),
});

const contentFields = z.object({
  flowId: optionalId('Choose a flow'),
  templateId: optionalId('Choose a template'),
});

/** A campaign sends a flow, or else one template. */
const requireContent = (v: { flowId?: string | null; templateId?: string | null }, ctx: z.RefinementCtx) => {
  if (!v.flowId && !v.templateId) ctx.addIssue({ code: 'custom', path: ['templateId'], message: 'Choose a template, or a flow' });
};
// Run the content rule even when other fields failed, so one answer lists every problem.
const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/** Step 2 of the builder: what it sends. */
export const contentSchema = contentFields.superRefine(requireContent, always);

// No zod defaults here: a PATCH must never reset a field it did not send (defaults are applied on create).
const scheduleFields = z.object({
  startDate: startDateSchema,
  startTimeOfDay: timeOfDaySchema.optional(),
  timeZone: timeZoneSchema.optional(),
  useRecipientTimeZone: z.boolean().optional(),
  sendRateLimit: z.preprocess(blankToNull, z.coerce.number().int('Use a whole number').min(1, 'At least 1 per second').max(10_000, 'At most 10,000 per second').nullish()),
  // Engagement controls: quiet hours (the workspace's, none, or the campaign's own), what a frequency cap does, the holdout.
  quietHours: z.enum(QUIET_HOURS_MODES, 'Choose how quiet hours apply').optional(),
  quietHoursStart: optionalTimeOfDaySchema,
  quietHoursEnd: optionalTimeOfDaySchema,
  cappedSends: z.enum(CAPPED_SEND_ACTIONS, 'Choose what a capped send does').optional(),
  holdoutPercent: z.preprocess((v) => (blankToNull(v) === null ? 0 : v), z.coerce.number().int('Use a whole percentage').min(0, 'At least 0%').max(50, 'At most 50% of the audience').optional()),
});

/** Step 3 of the builder: when it sends. */
export const scheduleSchema = scheduleFields.superRefine(campaignQuietHoursRule);

/** `POST /api/campaigns`: everything at once; time of day defaults to 09:00, the zone to the workspace's. */
export const newCampaignSchema = audienceSchema.extend(contentFields.shape).extend(scheduleFields.shape).superRefine(requireContent, always).superRefine(campaignQuietHoursRule);

/** A draft saved from the builder's first step: content and schedule come later. */
export const draftCampaignSchema = audienceSchema.extend(contentFields.shape).extend(scheduleFields.partial().shape);

/** `PATCH /api/campaigns/[id]`: any subset of the fields (drafts only). */
export const campaignPatchSchema = draftCampaignSchema.partial().refine((v) => Object.keys(v).length > 0, 'Send at least one field to change').superRefine(campaignQuietHoursRule);

const statusFilter = z.preprocess(blankToNull, campaignStatusSchema.nullish());

/** The campaigns screen: numbered pages. */
export const campaignListQuerySchema = z.object({
  status: statusFilter,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** `GET /api/campaigns`: the API's one list contract (`?cursor=&limit=`) with a status filter. */
export const campaignPageQuerySchema = pageQuerySchema.extend({ status: statusFilter });

export const statusChangeSchema = z.object({ status: campaignStatusSchema });

export type NewCampaign = z.infer<typeof newCampaignSchema>;
export type DraftCampaign = z.infer<typeof draftCampaignSchema>;
export type CampaignPatch = z.infer<typeof campaignPatchSchema>;
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;
export type CampaignPageQuery = z.infer<typeof campaignPageQuerySchema>;

/** The builder's steps and the slice of fields each one saves. */
export const builderStepSchemas = { audience: audienceSchema, content: contentSchema, schedule: scheduleSchema } as const;
export type BuilderStep = keyof typeof builderStepSchemas;
