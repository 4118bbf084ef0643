import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { getUpload } from '@/lib/imports/service';

export const dynamic = 'force-dynamic';

/** The pieces the server holds, so an interrupted upload resumes with the missing ones. */
export const GET = api<{ id: string }>(CAN_EDIT, async ({ actor, params }) => getUpload(actor.workspaceId, parseId(params.id, 'Import')));
