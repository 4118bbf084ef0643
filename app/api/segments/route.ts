import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { parseSegmentInput, segmentListQuerySchema } from '@/lib/segments/input';
import { createSegment, pageSegments } from '@/lib/segments/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Segments, most recently changed first: `?cursor=&limit=&counts=`; with counts, each one's live audience. */
export const GET = api(allowedRoles('/api/segments', 'GET'), async ({ req, actor }) => pageSegments(actor.workspaceId, parseWith(segmentListQuerySchema, searchParamsOf(req))));

export const POST = api(allowedRoles('/api/segments', 'POST'), async ({ req, actor }) => {
  const input = await parseSegmentInput(actor.workspaceId, await readJson(req, 256 * 1024));
  return NextResponse.json(await createSegment(actor.workspaceId, input), { status: 201 });
});
