import { CAN_READ } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseWith, readJson } from '@/lib/http/parse';
import { previewTemplate } from '@/lib/templates/preview';
import { TEMPLATE_BODY_LIMIT, previewInputSchema } from '@/lib/templates/schema';

export const dynamic = 'force-dynamic';

/** Renders unsaved content for the editor; it reads only, so every member may call it. */
export const POST = api(CAN_READ, async ({ req, actor }) =>
  previewTemplate(actor.workspaceId, parseWith(previewInputSchema, await readJson(req, TEMPLATE_BODY_LIMIT), 'Please fix the highlighted fields')),
);
