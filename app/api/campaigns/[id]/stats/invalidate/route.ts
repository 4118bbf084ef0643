import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { invalidateCampaignStats } from '@/lib/analytics/campaign-stats';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Seed 004: admins only. */
export const POST = api<{ id: string }>(allowedRoles('/api/campaigns/[id]/stats/invalidate', 'POST'), async ({ actor, params }) => invalidateCampaignStats(actor.workspaceId, parseId(params.id, 'Campaign')));
