import { NextResponse } from 'next/server';
import { api } from '@/lib/http/handler';
import { readJson } from '@/lib/http/parse';
import { beginUpload } from '@/lib/imports/service';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Starts an upload in pieces: `{ fileName, totalBytes }` → the import id, the piece size and the pieces held so far. */
export const POST = api(allowedRoles('/api/imports/uploads', 'POST'), async ({ req, actor }) => NextResponse.json(await beginUpload(actor, await readJson(req, 16 * 1024)), { status: 201 }));
