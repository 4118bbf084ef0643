import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { receiveChunk } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** One piece of the file as the raw body (at most 4 MB): 201 when stored, 200 when the same piece was already there. */
export const PUT = api<{ id: string; index: string }>(allowedRoles('/api/imports/[id]/chunks/[index]', 'PUT'), async ({ req, actor, params }) => {
  const chunk = await receiveChunk(actor.workspaceId, parseId(params.id, 'Import'), params.index, req);
  return NextResponse.json(chunk, { status: chunk.stored ? 201 : 200 });
});
