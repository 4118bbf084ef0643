import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, readJson } from '@/lib/http/parse';
import { TEMPLATE_BODY_LIMIT, templateInputSchema } from '@/lib/templates/schema';
import { deleteTemplate, getTemplate, updateTemplate } from '@/lib/templates/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = api<Params>(allowedRoles('/api/templates/[id]', 'GET'), async ({ actor, params }) => getTemplate(actor.workspaceId, parseId(params.id, 'Template')));

export const PUT = api<Params>(allowedRoles('/api/templates/[id]', 'PUT'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Template');
  const input = parseWith(templateInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields');
  return updateTemplate(actor.workspaceId, id, input);
});

export const DELETE = api<Params>(allowedRoles('/api/templates/[id]', 'DELETE'), async ({ actor, params }) => {
  await deleteTemplate(actor.workspaceId, parseId(params.id, 'Template'));
  return new Response(null, { status: 204 });
});
