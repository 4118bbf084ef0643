import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { contactBatchSchema, contactListQuerySchema } from '@/lib/contacts/schema';
import { listContacts, upsertContacts } from '@/lib/contacts/service';
import { api } from '@/lib/http/handler';
import { parseBatchEnvelope, parseWith, readJson, searchParamsOf } from '@/lib/http/parse';

export const dynamic = 'force-dynamic';

export const GET = api(CAN_READ, async ({ req, actor }) => listContacts(actor.workspaceId, parseWith(contactListQuerySchema, searchParamsOf(req))));

/** Batch upsert; per-item results, 200 when anything was written, 400 when every item was rejected. */
export const POST = api(CAN_EDIT, async ({ req, actor }) => {
  const { contacts } = parseBatchEnvelope(contactBatchSchema, await readJson(req));
  const outcome = await upsertContacts(actor.workspaceId, contacts);
  const nothingWritten = outcome.rejected === contacts.length;
  return NextResponse.json(nothingWritten ? { error: 'No contact was valid; nothing was changed', ...outcome } : outcome, { status: nothingWritten ? 400 : 200 });
});
