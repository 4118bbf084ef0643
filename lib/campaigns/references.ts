import { db } from '@/lib/db';
import { badRequest } from '@/lib/http/errors';
import { missingTemplateIds } from '@/lib/templates/lookup';

interface References {
  segmentId?: string;
  flowId?: string | null;
  templateId?: string | null;
}

/**
 * Checks what a campaign points at, within the caller's workspace (seed 001's error rules):
 * a missing segment or template is a 400 naming the field; a missing flow is dropped with a warning,
 * so the campaign is still stored, without a flow.
 */
export async function resolveCampaignReferences(workspaceId: string, refs: References, verb: 'created' | 'saved' = 'created'): Promise<{ flowId: string | null | undefined; warnings: string[] }> {
  if (refs.segmentId !== undefined) {
    const segment = await db.segment.findFirst({ where: { id: refs.segmentId, workspaceId }, select: { id: true } });
    if (!segment) throw badRequest('Segment not found', { segmentId: [`Segment ${refs.segmentId} not found in this workspace`] });
  }
  if (refs.templateId) {
    const missing = await missingTemplateIds(workspaceId, [refs.templateId]);
    if (missing.length) throw badRequest('Template not found', { templateId: [`Template ${refs.templateId} not found in this workspace`] });
  }
  if (!refs.flowId) return { flowId: refs.flowId, warnings: [] };
  const flow = await db.flow.findFirst({ where: { id: refs.flowId, workspaceId }, select: { id: true } });
  if (flow) return { flowId: flow.id, warnings: [] };
  return { flowId: null, warnings: [`Flow ${refs.flowId} not found; the campaign was ${verb} without a flow`] };
}
