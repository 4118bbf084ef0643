import { NextResponse } from 'next/server';
import { declareAttribute, listAttributeDefinitions } from '@/lib/contacts/attributes';
import { api } from '@/lib/http/handler';
import { readJson } from '@/lib/http/parse';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** The workspace's custom contact attributes. */
export const GET = api(allowedRoles('/api/attributes', 'GET'), async ({ actor }) => ({ items: await listAttributeDefinitions(actor.workspaceId) }));

/** Declares one: `{ key, type: "string" | "number" | "boolean" | "date", label? }`. */
export const POST = api(allowedRoles('/api/attributes', 'POST'), async ({ req, actor }) => NextResponse.json(await declareAttribute(actor.workspaceId, await readJson(req, 16 * 1024)), { status: 201 }));
