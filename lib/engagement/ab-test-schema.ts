/** The A/B test a flow's send step carries (validated here, frozen into the campaign at activation). Client-safe. */
import { z } from 'zod';
import { EVENT_TYPES } from '@/lib/analytics/events';

export const AB_METRICS = ['opens', 'clicks', 'conversions'] as const;
export type AbMetric = (typeof AB_METRICS)[number];
export const MAX_VARIANTS = 5;

const variantSchema = z.object({
  templateId: z.uuid('Choose a template for every variant'),
  delayMinutes: z.coerce.number().int('Use whole minutes').min(0, 'A delay cannot be negative').max(10_080, 'At most 7 days (10,080 minutes)').default(0),
});

/** The A/B test of a flow's send step: `variants` are B, C, … (A is the step's own template, sent without delay). */
export const abTestSchema = z
  .object({
    variants: z.array(variantSchema).min(1, 'Add at least one variant besides A').max(MAX_VARIANTS - 1, `At most ${MAX_VARIANTS} variants in all`),
    testPercent: z.coerce.number().int('Use a whole percentage').min(2, 'Test on at least 2% of the audience').max(100, 'At most 100%'),
    metric: z.enum(AB_METRICS, 'Choose the winning metric'),
    conversionEvent: z.enum(EVENT_TYPES, 'Choose the conversion event').optional(),
    windowMinutes: z.coerce.number().int('Use whole minutes').min(1, 'The test runs at least a minute').max(43_200, 'At most 30 days (43,200 minutes)'),
  })
  .superRefine((v, ctx) => {
    if (v.metric === 'conversions' && !v.conversionEvent) ctx.addIssue({ code: 'custom', path: ['conversionEvent'], message: 'Choose the event that counts as a conversion' });
  });
export type AbTest = z.infer<typeof abTestSchema>;

export const variantLetter = (i: number) => String.fromCharCode(65 + i);
