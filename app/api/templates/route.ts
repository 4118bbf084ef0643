import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { TEMPLATE_BODY_LIMIT, templateInputSchema } from '@/lib/templates/schema';
import { createTemplate, pageTemplates } from '@/lib/templates/service';

export const dynamic = 'force-dynamic';

/** Templates without their bodies, most recently changed first: `?cursor=&limit=`. */
export const GET = api(CAN_READ, async ({ req, actor }) => pageTemplates(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const input = parseWith(templateInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields');
  return NextResponse.json(await createTemplate(actor.workspaceId, input), { status: 201 });
});
