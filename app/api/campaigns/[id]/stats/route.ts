import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, searchParamsOf } from '@/lib/http/parse';
import { campaignStats, statsQuerySchema } from '@/lib/analytics/campaign-stats';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Seed 004: admin, campaign_manager and viewer may read. */
export const GET = api<{ id: string }>(allowedRoles('/api/campaigns/[id]/stats', 'GET'), async ({ req, actor, params }) =>
  campaignStats(actor.workspaceId, parseId(params.id, 'Campaign'), parseWith(statsQuerySchema, searchParamsOf(req))),
);
