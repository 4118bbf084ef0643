import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { readJson } from '@/lib/http/parse';
import { parseSegmentInput } from '@/lib/segments/input';
import { deleteSegment, getSegment, updateSegment } from '@/lib/segments/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = api<Params>(allowedRoles('/api/segments/[id]', 'GET'), async ({ actor, params }) => getSegment(actor.workspaceId, parseId(params.id, 'Segment')));

export const PUT = api<Params>(allowedRoles('/api/segments/[id]', 'PUT'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Segment');
  await getSegment(actor.workspaceId, id); // another workspace's segment is a 404 even when the body is also bad
  const input = await parseSegmentInput(actor.workspaceId, await readJson(req, 256 * 1024));
  return updateSegment(actor.workspaceId, id, input);
});

export const DELETE = api<Params>(allowedRoles('/api/segments/[id]', 'DELETE'), async ({ actor, params }) => {
  await deleteSegment(actor.workspaceId, parseId(params.id, 'Segment'));
  return new Response(null, { status: 204 });
});
