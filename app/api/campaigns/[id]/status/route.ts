import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { parseId } from '@/lib/http/ids';
import { statusChangeSchema } from '@/lib/campaigns/schema';
import { changeCampaignStatus } from '@/lib/campaigns/status';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** `{ status }`: activate, pause, resume or complete; a transition the lifecycle forbids is a 409 naming the allowed ones. */
export const PUT = api<{ id: string }>(allowedRoles('/api/campaigns/[id]/status', 'PUT'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Campaign');
  const { status } = parseWith(statusChangeSchema, await readJson(req));
  return changeCampaignStatus(actor, id, status);
});
