import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { parseSegmentInput, segmentListQuerySchema } from '@/lib/segments/input';
import { createSegment, pageSegments } from '@/lib/segments/service';

export const dynamic = 'force-dynamic';

/** Segments, most recently changed first: `?cursor=&limit=&counts=`; with counts, each one's live audience. */
export const GET = api(CAN_READ, async ({ req, actor }) => pageSegments(actor.workspaceId, parseWith(segmentListQuerySchema, searchParamsOf(req))));

export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const input = await parseSegmentInput(actor.workspaceId, await readJson(req, 256 * 1024));
  return NextResponse.json(await createSegment(actor.workspaceId, input), { status: 201 });
});
