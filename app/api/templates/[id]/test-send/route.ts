import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, readJson } from '@/lib/http/parse';
import { sendTestEmail } from '@/lib/templates/preview';
import { testSendInputSchema } from '@/lib/templates/schema';

export const dynamic = 'force-dynamic';

export const POST = api<{ id: string }>(CAN_EDIT, async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Template');
  return sendTestEmail(actor.workspaceId, id, parseWith(testSendInputSchema, await readJson(req, 16 * 1024), 'Please fix the highlighted fields'));
});
