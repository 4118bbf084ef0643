import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { discardImport, getImportProgress } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(allowedRoles('/api/imports/[id]', 'GET'), async ({ actor, params }) => getImportProgress(actor.workspaceId, parseId(params.id, 'Import')));

/** Gives up an import that has not started, and its stored file. */
export const DELETE = api<{ id: string }>(allowedRoles('/api/imports/[id]', 'DELETE'), async ({ actor, params }) => {
  await discardImport(actor.workspaceId, parseId(params.id, 'Import'));
  return new Response(null, { status: 204 });
});
