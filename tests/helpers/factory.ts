import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';

// One hash per test file: bcrypt at full cost is deliberately slow.
let memberHash: Promise<string> | undefined;

/** A fresh workspace with one member per role; every test works inside its own tenant. */
export async function createWorkspace(name = 'Test workspace') {
  const slug = `t-${randomUUID().slice(0, 12)}`;
  const workspace = await db.workspace.create({ data: { name, slug } });
  const passwordHash = await (memberHash ??= hashPassword('correct-horse-battery'));
  const members = {} as Record<Role, { id: string; email: string }>;
  for (const role of ['admin', 'campaign_manager', 'viewer'] as const) {
    const email = `${role}.${slug}@example.test`;
    const user = await db.user.create({ data: { email, name: role, passwordHash } });
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
    members[role] = { id: user.id, email };
  }
  return { workspace, members };
}
