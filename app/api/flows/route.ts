import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { newFlowSchema } from '@/lib/flows/schema';
import { createFlow, pageFlows } from '@/lib/flows/service';

export const dynamic = 'force-dynamic';

/** Flows, most recently changed first: `?cursor=&limit=`. */
export const GET = api(CAN_READ, async ({ req, actor }) => pageFlows(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const flow = await createFlow(actor.workspaceId, parseWith(newFlowSchema, await readJson(req)));
  return NextResponse.json({ flow }, { status: 201 });
});
