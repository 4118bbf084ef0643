import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { previewTemplate } from '@/lib/templates/preview';
import { TEMPLATE_BODY_LIMIT, previewInputSchema } from '@/lib/templates/schema';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Renders unsaved content for the editor; it reads only, so every member may call it. */
export const POST = api(allowedRoles('/api/templates/preview', 'POST'), async ({ req, actor }) =>
  previewTemplate(actor.workspaceId, parseWith(previewInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields')),
);
