import { NextResponse } from 'next/server';
import { contactBatchSchema, contactListQuerySchema } from '@/lib/contacts/schema';
import { listContacts, upsertContacts } from '@/lib/contacts/service';
import { api } from '@/lib/http/handler';
import { parseBatchEnvelope, parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = api(allowedRoles('/api/v1/contacts', 'GET'), async ({ req, actor }) => listContacts(actor.workspaceId, parseWith(contactListQuerySchema, searchParamsOf(req))));

/** Batch upsert; per-item results, 200 when anything was written, 400 when every item was rejected. */
export const POST = api(allowedRoles('/api/v1/contacts', 'POST'), async ({ req, actor }) => {
  const { contacts } = parseBatchEnvelope(contactBatchSchema, await readJson(req));
  const outcome = await upsertContacts(actor.workspaceId, contacts);
  const nothingWritten = outcome.rejected === contacts.length;
  return NextResponse.json(nothingWritten ? { error: 'No contact was valid; nothing was changed', ...outcome } : outcome, { status: nothingWritten ? 400 : 200 });
});
