import { z } from 'zod';
import { abTestSchema } from '@/lib/engagement/ab-test-schema';
import { callPolicySchema } from '@/lib/channels/content';

export const MAX_FLOW_STEPS = 50;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const stepId = z.uuid('Not a step id').optional();

export const sendEmailStepSchema = z.object({
  id: stepId,
  type: z.literal('SEND_EMAIL'),
  templateId: z.uuid('Choose a template'),
  /** An A/B test of this step's email against 1–4 other variants; null or absent for none. */
  abTest: abTestSchema.nullish(),
});

/** Send a text message: an SMS or WhatsApp template of the workspace. */
const textStep = <T extends 'SEND_SMS' | 'SEND_WHATSAPP'>(type: T) =>
  z.object({ id: stepId, type: z.literal(type), templateId: z.uuid('Choose a template') });
export const sendSmsStepSchema = textStep('SEND_SMS');
export const sendWhatsAppStepSchema = textStep('SEND_WHATSAPP');

/** Place a call with a call template, retried on busy or no answer within calling hours. */
export const placeCallStepSchema = z.object({
  id: stepId,
  type: z.literal('PLACE_CALL'),
  templateId: z.uuid('Choose a template'),
  callPolicy: callPolicySchema.default(callPolicySchema.parse({})),
});

export const waitStepSchema = z
  .object({
    id: stepId,
    type: z.literal('WAIT'),
    waitDays: z.coerce.number().int('Use whole days').min(0, 'Days cannot be negative').max(365, 'At most 365 days').default(0),
    waitHours: z.coerce.number().int('Use whole hours').min(0, 'Hours cannot be negative').max(23, 'At most 23 hours; use days beyond that').default(0),
  })
  .refine((s) => s.waitDays + s.waitHours > 0, { message: 'Wait at least one hour', path: ['waitHours'] });

/** One step of a flow: send a template (email, SMS, WhatsApp, a call), or wait days and hours before the next step. */
export const flowStepInputSchema = z.discriminatedUnion('type', [sendEmailStepSchema, sendSmsStepSchema, sendWhatsAppStepSchema, placeCallStepSchema, waitStepSchema]);

export const flowStepsSchema = z
  .array(flowStepInputSchema)
  .max(MAX_FLOW_STEPS, `A flow has at most ${MAX_FLOW_STEPS} steps`)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (!s.id) return;
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'The same step appears twice' });
      seen.add(s.id);
    });
  });

const name = z.string().trim().min(1, 'Name the flow').max(120, 'Keep the name under 120 characters');
const description = z.preprocess(blankToNull, z.string().trim().max(2000, 'Keep the description under 2000 characters').nullish());

export const newFlowSchema = z.object({ name, description, steps: flowStepsSchema.default([]) });

/** `PATCH /api/flows/[id]`: rename, describe, and/or replace the ordered steps (send `id` to keep a step). */
export const flowPatchSchema = z
  .object({ name: name.optional(), description, steps: flowStepsSchema.optional() })
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');

export const copyFlowSchema = z.object({ name: name.optional() });

export const moveStepSchema = z.object({ stepId: z.uuid(), toIndex: z.coerce.number().int().min(0) });

export type FlowStepInput = z.infer<typeof flowStepInputSchema>;
export type NewFlow = z.infer<typeof newFlowSchema>;
export type FlowPatch = z.infer<typeof flowPatchSchema>;
