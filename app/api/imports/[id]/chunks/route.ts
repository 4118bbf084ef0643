import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { getUpload } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** The pieces the server holds, so an interrupted upload resumes with the missing ones. */
export const GET = api<{ id: string }>(allowedRoles('/api/imports/[id]/chunks', 'GET'), async ({ actor, params }) => getUpload(actor.workspaceId, parseId(params.id, 'Import')));
