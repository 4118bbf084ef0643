import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { newFlowSchema } from '@/lib/flows/schema';
import { createFlow, pageFlows } from '@/lib/flows/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Flows, most recently changed first: `?cursor=&limit=`. */
export const GET = api(allowedRoles('/api/flows', 'GET'), async ({ req, actor }) => pageFlows(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

export const POST = api(allowedRoles('/api/flows', 'POST'), async ({ req, actor }) => {
  const flow = await createFlow(actor.workspaceId, parseWith(newFlowSchema, await readJson(req)));
  return NextResponse.json({ flow }, { status: 201 });
});
