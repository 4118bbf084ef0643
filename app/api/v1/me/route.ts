import { api } from '@/lib/http/handler';
import { CAN_READ } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** Who the caller is: handy for checking an API key. */
export const GET = api(CAN_READ, async ({ actor }) => ({ workspaceId: actor.workspaceId, role: actor.role, via: actor.via }));
