import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { newFlowSchema } from '@/lib/flows/schema';
import { createFlow, listFlows } from '@/lib/flows/service';

export const dynamic = 'force-dynamic';

export const GET = api(CAN_READ, async ({ actor }) => ({ items: await listFlows(actor.workspaceId) }));

export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const flow = await createFlow(actor.workspaceId, parseWith(newFlowSchema, await readJson(req)));
  return NextResponse.json({ flow }, { status: 201 });
});
