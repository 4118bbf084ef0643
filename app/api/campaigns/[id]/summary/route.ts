import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { CAN_READ } from '@/lib/auth/roles';
import { campaignSummary } from '@/lib/analytics/campaign-summary';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(CAN_READ, async ({ actor, params }) => campaignSummary(actor.workspaceId, parseId(params.id, 'Campaign')));
