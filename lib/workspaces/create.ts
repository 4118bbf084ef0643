import { z } from 'zod';
import { db } from '@/lib/db';
import { conflict } from '@/lib/http/errors';
import { canonicalTimeZone } from '@/lib/time-zones';
import { newMemberSchema } from '@/lib/workspaces/members';
import { hashPassword } from '@/lib/auth/password';

export const newWorkspaceSchema = z.object({
  name: z.string().trim().min(1, 'Enter a workspace name').max(120),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Use 1–48 lowercase letters, digits and dashes'),
  timeZone: z
    .string()
    .trim()
    .default('UTC')
    .transform((zone, ctx) => canonicalTimeZone(zone) ?? (ctx.addIssue({ code: 'custom', message: 'Use an IANA time zone such as Europe/London' }), z.NEVER)),
  owner: newMemberSchema.omit({ role: true }),
});

export type NewWorkspace = z.input<typeof newWorkspaceSchema>;

/**
 * A workspace with its first admin: how a fresh deployment gets its first user. An existing account (same email)
 * becomes the admin without its password changing.
 */
export async function createWorkspace(input: NewWorkspace) {
  const data = newWorkspaceSchema.parse(input);
  if (await db.workspace.findUnique({ where: { slug: data.slug }, select: { id: true } })) throw conflict(`A workspace with the slug ${data.slug} already exists`);
  const passwordHash = await hashPassword(data.owner.password);
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { name: data.name, slug: data.slug, timeZone: data.timeZone }, select: { id: true, name: true, slug: true } });
    const user = await tx.user.upsert({
      where: { email: data.owner.email },
      create: { email: data.owner.email, name: data.owner.name, passwordHash },
      update: {},
      select: { id: true, email: true },
    });
    await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: 'admin' } });
    return { workspace, owner: user };
  });
}
