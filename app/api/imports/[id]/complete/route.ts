import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { finishUpload } from '@/lib/imports/service';

export const dynamic = 'force-dynamic';

/** Once every piece is there: checks the whole file and answers with its columns, samples and a suggested mapping. */
export const POST = api<{ id: string }>(CAN_EDIT, async ({ actor, params }) => finishUpload(actor.workspaceId, parseId(params.id, 'Import')));
