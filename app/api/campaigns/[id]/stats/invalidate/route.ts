import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { ADMIN_ONLY } from '@/lib/auth/roles';
import { invalidateCampaignStats } from '@/lib/analytics/campaign-stats';

export const dynamic = 'force-dynamic';

/** Seed 004: admins only. */
export const POST = api<{ id: string }>(ADMIN_ONLY, async ({ actor, params }) => invalidateCampaignStats(actor.workspaceId, parseId(params.id, 'Campaign')));
