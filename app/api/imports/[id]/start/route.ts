import { NextResponse } from 'next/server';
import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { parseId } from '@/lib/http/ids';
import { readJson } from '@/lib/http/parse';
import { startImport } from '@/lib/imports/service';

export const dynamic = 'force-dynamic';

/** The mapping step: `{ mapping: { "<CSV column>": "<field>" }, optInSource? }` starts the import job. */
export const POST = api<{ id: string }>(CAN_EDIT, async ({ req, actor, params }) => {
  const id = parseId(params.id, 'Import');
  return NextResponse.json(await startImport(actor.workspaceId, id, await readJson(req, 256 * 1024)), { status: 202 });
});
