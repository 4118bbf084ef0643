import { db } from '@/lib/db';
import { listAttributeDefinitions } from '@/lib/contacts/attributes';

/**
 * What the segment builder lets a user pick from: the workspace's custom attributes and every campaign, since an
 * engagement condition may name one from long ago and its picker must still show it.
 */
export async function segmentBuilderOptions(workspaceId: string) {
  const [attributes, campaigns] = await Promise.all([
    listAttributeDefinitions(workspaceId),
    db.campaign.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, name: true } }),
  ]);
  return { attributes, campaigns };
}

export type SegmentBuilderOptions = Awaited<ReturnType<typeof segmentBuilderOptions>>;
