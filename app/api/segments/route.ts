import { NextResponse } from 'next/server';
import { z } from 'zod';
import { api } from '@/lib/http/handler';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { parseSegmentInput } from '@/lib/segments/input';
import { createSegment, listSegments } from '@/lib/segments/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

const listQuery = z.object({ counts: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1') });

export const GET = api(allowedRoles('/api/segments', 'GET'), async ({ req, actor }) => {
  const query = parseWith(listQuery, searchParamsOf(req));
  return { segments: await listSegments(actor.workspaceId, { withCounts: query.counts }) };
});

export const POST = api(allowedRoles('/api/segments', 'POST'), async ({ req, actor }) => {
  const input = await parseSegmentInput(actor.workspaceId, await readJson(req, 256 * 1024));
  return NextResponse.json(await createSegment(actor.workspaceId, input), { status: 201 });
});
