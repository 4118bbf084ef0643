import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { rejectsReport } from '@/lib/imports/rejects';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api<{ id: string }>(allowedRoles('/api/imports/[id]/rejects.csv', 'GET'), async ({ actor, params }) => {
  const { fileName, stream } = await rejectsReport(actor.workspaceId, parseId(params.id, 'Import'));
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
  });
});
