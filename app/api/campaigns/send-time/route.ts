import { api } from '@/lib/http/handler';
import { searchParamsOf } from '@/lib/http/parse';
import { CAN_READ } from '@/lib/auth/roles';
import { suggestSendTime } from '@/lib/campaigns/send-time';

export const dynamic = 'force-dynamic';

/** `?segmentId=&timeZone=`: the suggested send slot for a segment, with its sample and engagement by hour of week. */
export const GET = api(CAN_READ, async ({ req, actor }) => suggestSendTime(actor.workspaceId, searchParamsOf(req)));
