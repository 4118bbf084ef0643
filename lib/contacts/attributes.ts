import { z } from 'zod';
import { db } from '@/lib/db';
import { ATTRIBUTE_KEY, type AttributeTypes } from '@/lib/contacts/attribute-types';
import { Prisma } from '@/lib/generated/prisma/client';
import { conflict } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { pageByKey, type PageQuery, type PrismaPage } from '@/lib/http/pagination';

/** Why: pickers and detail pages list every definition at once, so a workspace holds no more than one list shows. */
export const MAX_ATTRIBUTES = 1000;

/** The workspace's attribute definitions, for pickers and detail pages: all of them unless a page is asked for. */
export function listAttributeDefinitions(workspaceId: string, page: PrismaPage<{ workspaceId_key: { workspaceId: string; key: string } }> = { take: MAX_ATTRIBUTES }) {
  return db.attributeDefinition.findMany({ where: { workspaceId }, orderBy: { key: 'asc' }, ...page, select: { key: true, label: true, type: true } });
}

/** `GET /api/attributes`: one page of the definitions, paged by key (unique within a workspace). */
export const pageAttributeDefinitions = (workspaceId: string, query: PageQuery) =>
  pageByKey(query, (key) => ({ workspaceId_key: { workspaceId, key } }), (page) => listAttributeDefinitions(workspaceId, page), (row) => row.key);

/** Key → type of every attribute the workspace declared. */
export async function loadAttributeTypes(workspaceId: string): Promise<AttributeTypes> {
  const defs = await db.attributeDefinition.findMany({ where: { workspaceId }, select: { key: true, type: true } });
  return Object.fromEntries(defs.map((d) => [d.key, d.type]));
}

export const declareAttributeSchema = z.object({
  key: z.string().trim().regex(ATTRIBUTE_KEY, 'Use lowercase letters, digits and underscores, starting with a letter (at most 63)'),
  label: z.string().trim().min(1).max(100).optional(),
  type: z.enum(['string', 'number', 'boolean', 'date'], { error: 'Choose text (string), number, boolean or date' }),
});

/** "plan_tier" → "Plan tier", the label an attribute gets when none is given. */
const labelOf = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

/** Declares a custom attribute `{ key, type, label? }`; a key the workspace already has is a 409. */
export async function declareAttribute(workspaceId: string, body: unknown) {
  const { key, type, label } = parseWith(declareAttributeSchema, body);
  if ((await db.attributeDefinition.count({ where: { workspaceId } })) >= MAX_ATTRIBUTES) {
    throw conflict(`This workspace already has ${MAX_ATTRIBUTES.toLocaleString('en-US')} attributes, the most it can hold; reuse one of them.`);
  }
  try {
    return await db.attributeDefinition.create({ data: { workspaceId, key, type, label: label ?? labelOf(key) }, select: { key: true, label: true, type: true } });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw conflict(`The attribute "${key}" already exists.`);
    throw err;
  }
}
