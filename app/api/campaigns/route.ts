import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { campaignPageQuerySchema, newCampaignSchema } from '@/lib/campaigns/schema';
import { pageCampaigns } from '@/lib/campaigns/queries';
import { createCampaign } from '@/lib/campaigns/crud';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Campaigns of the caller's workspace, newest first: `?status=&cursor=&limit=`, with the total. */
export const GET = api(allowedRoles('/api/campaigns', 'GET'), async ({ req, actor }) => pageCampaigns(actor.workspaceId, parseWith(campaignPageQuerySchema, searchParamsOf(req))));

/** Creates a draft; `warnings` says when a missing flow was dropped. */
export const POST = api(allowedRoles('/api/campaigns', 'POST'), async ({ req, actor }) => {
  const result = await createCampaign(actor, parseWith(newCampaignSchema, await readJson(req)));
  return NextResponse.json(result, { status: 201 });
});
