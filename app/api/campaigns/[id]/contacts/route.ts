import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, searchParamsOf } from '@/lib/http/parse';
import { CAN_READ } from '@/lib/auth/roles';
import { campaignContacts, campaignContactsQuerySchema } from '@/lib/analytics/campaign-contacts';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(CAN_READ, async ({ req, actor, params }) =>
  campaignContacts(actor.workspaceId, parseId(params.id, 'Campaign'), parseWith(campaignContactsQuerySchema, searchParamsOf(req))),
);
