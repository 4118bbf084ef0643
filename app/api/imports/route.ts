import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { createImport } from '@/lib/imports/service';
import { incomingFile } from '@/lib/imports/upload';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Upload a small CSV (at most 4 MB; multipart field "file", or a text/csv body) in one request; larger files go through /api/imports/uploads. */
export const POST = api(allowedRoles('/api/imports', 'POST'), async ({ req, actor }) => NextResponse.json(await createImport(actor, await incomingFile(req)), { status: 201 }));
