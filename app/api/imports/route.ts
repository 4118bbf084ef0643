import { NextResponse } from 'next/server';
import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { createImport } from '@/lib/imports/service';
import { incomingFile } from '@/lib/imports/upload';

export const dynamic = 'force-dynamic';

/** Upload a small CSV (at most 4 MB; multipart field "file", or a text/csv body) in one request; larger files go through /api/imports/uploads. */
export const POST = api(CAN_EDIT, async ({ req, actor }) => NextResponse.json(await createImport(actor, await incomingFile(req)), { status: 201 }));
