import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { campaignSummary } from '@/lib/analytics/campaign-summary';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(allowedRoles('/api/campaigns/[id]/summary', 'GET'), async ({ actor, params }) => campaignSummary(actor.workspaceId, parseId(params.id, 'Campaign')));
