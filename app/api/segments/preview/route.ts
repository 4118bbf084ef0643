import { api } from '@/lib/http/handler';
import { readJson } from '@/lib/http/parse';
import { previewSegment } from '@/lib/segments/evaluate';
import { parsePreviewInput } from '@/lib/segments/input';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Counts and samples unsaved criteria for the builder; reads only, so every member may call it. */
export const POST = api(allowedRoles('/api/segments/preview', 'POST'), async ({ req, actor }) => {
  const { criteria } = await parsePreviewInput(actor.workspaceId, await readJson(req, 256 * 1024));
  return previewSegment(actor.workspaceId, criteria);
});
