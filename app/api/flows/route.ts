import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { newFlowSchema } from '@/lib/flows/schema';
import { createFlow, listFlows } from '@/lib/flows/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api(allowedRoles('/api/flows', 'GET'), async ({ actor }) => ({ items: await listFlows(actor.workspaceId) }));

export const POST = api(allowedRoles('/api/flows', 'POST'), async ({ req, actor }) => {
  const flow = await createFlow(actor.workspaceId, parseWith(newFlowSchema, await readJson(req)));
  return NextResponse.json({ flow }, { status: 201 });
});
