import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { TEMPLATE_BODY_LIMIT, templateInputSchema } from '@/lib/templates/schema';
import { createTemplate, listTemplates } from '@/lib/templates/service';

export const dynamic = 'force-dynamic';

export const GET = api(CAN_READ, async ({ actor }) => ({ templates: await listTemplates(actor.workspaceId) }));

export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const input = parseWith(templateInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields');
  return NextResponse.json(await createTemplate(actor.workspaceId, input), { status: 201 });
});
