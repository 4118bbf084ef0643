import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, searchParamsOf } from '@/lib/http/parse';
import { campaignContacts, campaignContactsQuerySchema } from '@/lib/analytics/campaign-contacts';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(allowedRoles('/api/campaigns/[id]/contacts', 'GET'), async ({ req, actor, params }) =>
  campaignContacts(actor.workspaceId, parseId(params.id, 'Campaign'), parseWith(campaignContactsQuerySchema, searchParamsOf(req))),
);
