import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { parseWith, readJson } from '@/lib/http/parse';
import { sendTestEmail } from '@/lib/templates/preview';
import { testSendInputSchema } from '@/lib/templates/schema';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const POST = api<{ id: string }>(allowedRoles('/api/templates/[id]/test-send', 'POST'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Template');
  return sendTestEmail(actor.workspaceId, id, parseWith(testSendInputSchema, await readJson(req, 16 * 1024), 'Please fix the highlighted fields'));
});
