import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { finishUpload } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Once every piece is there: checks the whole file and answers with its columns, samples and a suggested mapping. */
export const POST = api<{ id: string }>(allowedRoles('/api/imports/[id]/complete', 'POST'), async ({ actor, params }) => finishUpload(actor.workspaceId, parseId(params.id, 'Import')));
