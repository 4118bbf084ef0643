import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { parseId } from '@/lib/http/ids';
import { campaignPatchSchema } from '@/lib/campaigns/schema';
import { campaignStatusHistory, getCampaign } from '@/lib/campaigns/queries';
import { deleteCampaign, updateCampaign } from '@/lib/campaigns/crud';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = api<Params>(allowedRoles('/api/campaigns/[id]', 'GET'), async ({ actor, params }) => {
  const id = parseId(params.id, 'Campaign');
  const campaign = await getCampaign(actor.workspaceId, id);
  return { campaign, history: await campaignStatusHistory(actor.workspaceId, id) };
});

/** Drafts only; anything else is a 409. */
export const PATCH = api<Params>(allowedRoles('/api/campaigns/[id]', 'PATCH'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Campaign');
  return updateCampaign(actor, id, parseWith(campaignPatchSchema, await readJson(req)));
});

/** Drafts only; anything else is a 409. */
export const DELETE = api<Params>(allowedRoles('/api/campaigns/[id]', 'DELETE'), async ({ actor, params }) => deleteCampaign(actor, parseId(params.id, 'Campaign')));
