import { db } from '@/lib/db';
import type { AttributeTypes } from '@/lib/contacts/attribute-types';

/** The workspace's attribute definitions, for pickers and detail pages. */
export function listAttributeDefinitions(workspaceId: string) {
  return db.attributeDefinition.findMany({ where: { workspaceId }, orderBy: { key: 'asc' }, select: { key: true, label: true, type: true } });
}

/** Key → type of every attribute the workspace declared. */
export async function loadAttributeTypes(workspaceId: string): Promise<AttributeTypes> {
  const defs = await db.attributeDefinition.findMany({ where: { workspaceId }, select: { key: true, type: true } });
  return Object.fromEntries(defs.map((d) => [d.key, d.type]));
}
