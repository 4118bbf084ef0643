import { CAN_READ } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { getImportProgress } from '@/lib/imports/service';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(CAN_READ, async ({ actor, params }) => getImportProgress(actor.workspaceId, parseId(params.id, 'Import')));
