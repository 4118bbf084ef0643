import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { TEMPLATE_BODY_LIMIT, templateInputSchema } from '@/lib/templates/schema';
import { createTemplate, pageTemplates } from '@/lib/templates/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Templates without their bodies, most recently changed first: `?cursor=&limit=`. */
export const GET = api(allowedRoles('/api/templates', 'GET'), async ({ req, actor }) => pageTemplates(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

export const POST = api(allowedRoles('/api/templates', 'POST'), async ({ req, actor }) => {
  const input = parseWith(templateInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields');
  return NextResponse.json(await createTemplate(actor.workspaceId, input), { status: 201 });
});
