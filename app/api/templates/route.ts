import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { TEMPLATE_BODY_LIMIT, templateInputSchema } from '@/lib/templates/schema';
import { createTemplate, listTemplates } from '@/lib/templates/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api(allowedRoles('/api/templates', 'GET'), async ({ actor }) => ({ templates: await listTemplates(actor.workspaceId) }));

export const POST = api(allowedRoles('/api/templates', 'POST'), async ({ req, actor }) => {
  const input = parseWith(templateInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields');
  return NextResponse.json(await createTemplate(actor.workspaceId, input), { status: 201 });
});
