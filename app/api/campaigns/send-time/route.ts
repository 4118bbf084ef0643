import { api } from '@/lib/http/handler';
import { searchParamsOf } from '@/lib/http/parse';
import { suggestSendTime } from '@/lib/campaigns/send-time';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** `?segmentId=&timeZone=`: the suggested send slot for a segment, with its sample and engagement by hour of week. */
export const GET = api(allowedRoles('/api/campaigns/send-time', 'GET'), async ({ req, actor }) => suggestSendTime(actor.workspaceId, searchParamsOf(req)));
