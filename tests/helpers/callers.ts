import type { Role } from '@/lib/auth/roles';
import { callRoute, keyFor } from './routes';
import { createWorkspace } from './factory';

type RouteOptions = Parameters<typeof callRoute>[1];

/** callRoute where the key is optional: no key means no credentials at all (mock next-auth's session to null). */
export const call = (handler: Parameters<typeof callRoute>[0], options: Omit<RouteOptions, 'key'> & { key?: string } = {}) =>
  callRoute(handler, { ...options, key: options.key ?? '' });

/** One API key per role in a workspace. */
export async function keysFor(workspaceId: string): Promise<Record<Role, string>> {
  return { admin: await keyFor(workspaceId, 'admin'), campaign_manager: await keyFor(workspaceId, 'campaign_manager'), viewer: await keyFor(workspaceId, 'viewer') };
}

/** Two fresh workspaces with one API key per role each: the caller's own, and another tenant that must never see it. */
export async function twoTenants() {
  const [own, other] = await Promise.all([createWorkspace('A'), createWorkspace('B')]);
  return { ws: own.workspace.id, otherWs: other.workspace.id, keys: await keysFor(own.workspace.id), otherKeys: await keysFor(other.workspace.id) };
}
