import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { parseId } from '@/lib/http/ids';
import { copyFlowSchema } from '@/lib/flows/schema';
import { copyFlow } from '@/lib/flows/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Copies a flow (running campaigns' flows included) into a new, editable one; the body `{ name }` is optional. */
export const POST = api<{ id: string }>(allowedRoles('/api/flows/[id]/copy', 'POST'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Flow');
  // The body is optional; when one is sent it must be valid JSON.
  const body = (await req.clone().text()).trim() ? await readJson(req) : {};
  const flow = await copyFlow(actor.workspaceId, id, parseWith(copyFlowSchema, body).name);
  return NextResponse.json({ flow }, { status: 201 });
});
