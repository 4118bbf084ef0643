import { z } from 'zod';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith } from '@/lib/http/parse';
import { segmentCriteriaSchema } from '@/lib/segments/criteria';

/** `GET /api/segments`: a page, and with `counts=true` each segment's live audience. */
export const segmentListQuerySchema = pageQuerySchema.extend({
  counts: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

/** A segment as a form or API call sends it; criteria are checked against the workspace's attributes. */
export function segmentInputSchema(attributeTypes: AttributeTypes) {
  return z.object({
    name: z.string({ error: 'Name the segment' }).trim().min(1, 'Name the segment').max(120, 'At most 120 characters'),
    description: z
      .string()
      .trim()
      .max(500, 'At most 500 characters')
      .nullish()
      .transform((v) => v || null),
    criteria: segmentCriteriaSchema(attributeTypes),
  });
}

export type SegmentInput = z.infer<ReturnType<typeof segmentInputSchema>>;

export function previewInputSchema(attributeTypes: AttributeTypes) {
  return z.object({ criteria: segmentCriteriaSchema(attributeTypes) });
}

/** Parses a segment body for this workspace: bad input is a 400 whose field errors carry each node's path. */
export async function parseSegmentInput(workspaceId: string, body: unknown): Promise<SegmentInput> {
  return parseWith(segmentInputSchema(await loadAttributeTypes(workspaceId)), body, 'Please fix the highlighted fields');
}

/** Parses a preview body `{ criteria }` for this workspace. */
export async function parsePreviewInput(workspaceId: string, body: unknown) {
  return parseWith(previewInputSchema(await loadAttributeTypes(workspaceId)), body, 'Invalid segment criteria');
}
