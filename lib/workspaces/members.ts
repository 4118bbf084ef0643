import { z } from 'zod';
import { db } from '@/lib/db';
import { PASSWORD_TOO_LONG, hashPassword, passwordTooLong } from '@/lib/auth/password';
import { roleSchema, type Role } from '@/lib/auth/roles';
import { conflict, notFound } from '@/lib/http/errors';

export const newMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address'),
  name: z.string().trim().min(1, 'Enter a name').max(120),
  password: z.string().min(8, 'Use at least 8 characters').refine((p) => !passwordTooLong(p), PASSWORD_TOO_LONG),
  role: roleSchema,
});

export type NewMember = z.infer<typeof newMemberSchema>;

export function listMembers(workspaceId: string) {
  return db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
}

/** Adds a user to the workspace, creating the account when the email is new. */
export async function addMember(workspaceId: string, input: NewMember) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    const member = await db.membership.findUnique({ where: { userId_workspaceId: { userId: existing.id, workspaceId } } });
    if (member) throw conflict(`${input.email} is already a member of this workspace`);
  }
  const user = existing ?? (await db.user.create({ data: { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) }, select: { id: true } }));
  await db.membership.create({ data: { userId: user.id, workspaceId, role: input.role } });
  return user;
}

async function assertNotLastAdmin(workspaceId: string, userId: string) {
  const admins = await db.membership.findMany({ where: { workspaceId, role: 'admin' }, select: { userId: true } });
  if (admins.length === 1 && admins[0].userId === userId) throw conflict('A workspace needs at least one admin');
}

export async function setMemberRole(workspaceId: string, userId: string, role: Role) {
  const member = await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } });
  if (!member) throw notFound('Member');
  if (member.role === 'admin' && role !== 'admin') await assertNotLastAdmin(workspaceId, userId);
  await db.membership.update({ where: { userId_workspaceId: { userId, workspaceId } }, data: { role } });
}

export async function removeMember(workspaceId: string, userId: string) {
  const member = await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } });
  if (!member) throw notFound('Member');
  if (member.role === 'admin') await assertNotLastAdmin(workspaceId, userId);
  await db.membership.delete({ where: { userId_workspaceId: { userId, workspaceId } } });
}

/** The workspaces a user can switch between. */
export function workspacesOf(userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
}
