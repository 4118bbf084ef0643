import { db } from '@/lib/db';

/** Templates of a workspace as picker options (flows and the campaign builder choose from these). */
export function templateOptions(workspaceId: string) {
  return db.template.findMany({ where: { workspaceId }, orderBy: { name: 'asc' }, select: { id: true, name: true, subject: true, channel: true } });
}

/** The ids among `ids` that are not templates of this workspace (another workspace's template counts as missing). */
export async function missingTemplateIds(workspaceId: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = await db.template.findMany({ where: { workspaceId, id: { in: unique } }, select: { id: true } });
  const known = new Set(found.map((t) => t.id));
  return unique.filter((id) => !known.has(id));
}
