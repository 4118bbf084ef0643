import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { readJsonChecked } from '@/lib/http/parse';
import { ingestEvents } from '@/lib/analytics/ingest';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Event ingestion: one event or `{ events: [...] }`; answers 202 with a result per event (lib/analytics/ingest.ts). */
export const POST = api(allowedRoles('/api/v1/events', 'POST'), async ({ req, actor }) => {
  const { value, storable } = await readJsonChecked(req);
  const result = await ingestEvents(actor, value, req.headers.get('idempotency-key'), { storableText: storable });
  return NextResponse.json(result, { status: 202 });
});
