import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { readJson } from '@/lib/http/parse';
import { startImport } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** The mapping step: `{ mapping: { "<CSV column>": "<field>" }, optInSource? }` starts the import job. */
export const POST = api<{ id: string }>(allowedRoles('/api/imports/[id]/start', 'POST'), async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Import');
  return NextResponse.json(await startImport(actor.workspaceId, id, await readJson(req, 256 * 1024)), { status: 202 });
});
