import { NextResponse } from 'next/server';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { declareAttribute, pageAttributeDefinitions } from '@/lib/contacts/attributes';
import { api } from '@/lib/http/handler';
import { pageQuerySchema } from '@/lib/http/pagination';
import { parseWith, readJson, searchParamsOf } from '@/lib/http/parse';

export const dynamic = 'force-dynamic';

/** The workspace's custom contact attributes, by key: `?cursor=&limit=`. */
export const GET = api(CAN_READ, async ({ req, actor }) => pageAttributeDefinitions(actor.workspaceId, parseWith(pageQuerySchema, searchParamsOf(req))));

/** Declares one: `{ key, type: "string" | "number" | "boolean" | "date", label? }`. */
export const POST = api(CAN_EDIT, async ({ req, actor }) => NextResponse.json(await declareAttribute(actor.workspaceId, await readJson(req, 16 * 1024)), { status: 201 }));
