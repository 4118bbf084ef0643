import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { declareAttribute, listAttributeDefinitions } from '@/lib/contacts/attributes';
import { api } from '@/lib/http/handler';
import { readJson } from '@/lib/http/parse';

export const dynamic = 'force-dynamic';

/** The workspace's custom contact attributes. */
export const GET = api(CAN_READ, async ({ actor }) => ({ items: await listAttributeDefinitions(actor.workspaceId) }));

/** Declares one: `{ key, type: "string" | "number" | "boolean" | "date", label? }`. */
export const POST = api(CAN_EDIT, async ({ req, actor }) => NextResponse.json(await declareAttribute(actor.workspaceId, await readJson(req, 16 * 1024)), { status: 201 }));
