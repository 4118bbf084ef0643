/** Response schemas of the segment routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';
import { combinators, engagementSchema, type SegmentNode } from '@/lib/segments/criteria';
import type { Operator } from '@/lib/segments/fields';

/** A node of segment criteria: a group of nodes, a condition on a field, or an engagement test (lib/segments/criteria.ts). */
export const criteriaNodeResponse: z.ZodType<SegmentNode> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('group'), combinator: z.enum(combinators), children: z.array(criteriaNodeResponse) }),
    z.object({ type: z.literal('condition'), field: z.string(), operator: z.string() as z.ZodType<Operator>, value: z.unknown().optional().describe('Per operator: text, number, list, range, date or days') }),
    engagementSchema,
  ]),
);

/** One segment. */
export const segmentResponse = z.object({ id: z.uuid(), name: z.string(), description: z.string().nullable(), criteria: criteriaNodeResponse, createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() });

/** GET /api/segments: with `counts=true` each one has its live audience (null when it could not be counted). */
export const segmentPageResponse = pageSchema(segmentResponse.extend({ count: z.number().int().nullable().optional() }));

/** POST /api/segments/preview. */
export const segmentPreviewResponse = z.object({
  count: z.number().int(),
  sample: z.array(z.object({
    id: z.uuid(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
  })),
  tookMs: z.number().int(),
});
