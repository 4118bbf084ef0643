import { NextResponse } from 'next/server';
import { declareAttribute, pageAttributeDefinitions } from '@/lib/contacts/attributes';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** The workspace's custom contact attributes, by key: `?cursor=&limit=`. */
export const GET = api(allowedRoles('/api/attributes', 'GET'), async ({ req, actor }) => pageAttributeDefinitions(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

/** Declares one: `{ key, type: "string" | "number" | "boolean" | "date", label? }`. */
export const POST = api(allowedRoles('/api/attributes', 'POST'), async ({ req, actor }) => NextResponse.json(await declareAttribute(actor.workspaceId, await readJson(req, 16 * 1024)), { status: 201 }));
