import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { parseId } from '@/lib/http/ids';
import { flowPatchSchema } from '@/lib/flows/schema';
import { deleteFlow, getFlow, updateFlow } from '@/lib/flows/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = api<Params>(allowedRoles('/api/flows/[id]', 'GET'), async ({ actor, params }) => ({ flow: await getFlow(actor.workspaceId, parseId(params.id, 'Flow')) }));

/** Name, description and/or the whole ordered step list; 409 while an active or paused campaign uses the flow. */
export const PATCH = api<Params>(allowedRoles('/api/flows/[id]', 'PATCH'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Flow');
  return { flow: await updateFlow(actor.workspaceId, id, parseWith(flowPatchSchema, await readJson(req))) };
});

export const DELETE = api<Params>(allowedRoles('/api/flows/[id]', 'DELETE'), async ({ actor, params }) => deleteFlow(actor.workspaceId, parseId(params.id, 'Flow')));
