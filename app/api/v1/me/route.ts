import { api } from '@/lib/http/handler';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Who the caller is: handy for checking an API key. */
export const GET = api(allowedRoles('/api/v1/me', 'GET'), async ({ actor }) => ({ workspaceId: actor.workspaceId, role: actor.role, via: actor.via }));
