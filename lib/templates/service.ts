import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { conflict, notFound } from '@/lib/http/errors';
import { pageById, type PageQuery, type PrismaPage } from '@/lib/http/pagination';
import type { TemplateInput } from '@/lib/templates/schema';
import { checkTemplate, type TemplateWarning } from '@/lib/templates/validate';
import { checkPhoneTemplate } from '@/lib/channels/check';

const templateSelect = {
  id: true,
  name: true,
  channel: true,
  subject: true,
  preheader: true,
  htmlBody: true,
  textBody: true,
  content: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.TemplateSelect;

export type TemplateRecord = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;
export type SavedTemplate = TemplateRecord & { warnings: TemplateWarning[] };

/** Declared attribute keys: the custom names a template may use without a warning. */
export async function attributeKeysOf(workspaceId: string): Promise<Set<string>> {
  return new Set(Object.keys(await loadAttributeTypes(workspaceId)));
}

/** The workspace's templates, most recently changed first, without their bodies; `page` limits it to one page. */
export function listTemplates(workspaceId: string, page: PrismaPage<{ id: string }> = { take: 500 }) {
  return db.template.findMany({
    where: { workspaceId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    ...page,
    select: { id: true, name: true, channel: true, subject: true, createdAt: true, updatedAt: true },
  });
}

/** `GET /api/templates`: one page of `listTemplates`. */
export const pageTemplates = (workspaceId: string, query: PageQuery) => pageById(query, (page) => listTemplates(workspaceId, page));

/** How many templates the workspace has (the templates screen's page count). */
export const templateTotal = (workspaceId: string) => db.template.count({ where: { workspaceId } });

export async function getTemplate(workspaceId: string, id: string): Promise<TemplateRecord> {
  const row = await db.template.findFirst({ where: { id, workspaceId }, select: templateSelect });
  if (!row) throw notFound('Template');
  return row;
}

const dataOf = (input: TemplateInput) =>
  input.channel === 'email'
    ? { name: input.name, channel: 'email', subject: input.subject, preheader: input.preheader, htmlBody: input.htmlBody, textBody: input.textBody, content: Prisma.DbNull }
    : { name: input.name, channel: input.channel, subject: '', preheader: null, htmlBody: '', textBody: null, content: input.content as object };

/** Checks a template parses (400 with the place of the error when not); an email's unknown variables come back as warnings. */
async function check(workspaceId: string, input: TemplateInput): Promise<{ warnings: TemplateWarning[] }> {
  if (input.channel === 'email') return checkTemplate(input, await attributeKeysOf(workspaceId));
  checkPhoneTemplate(input);
  return { warnings: [] };
}

/** Saves only templates that parse; unknown variables are returned as warnings alongside. */
export async function createTemplate(workspaceId: string, input: TemplateInput): Promise<SavedTemplate> {
  const { warnings } = await check(workspaceId, input);
  const row = await db.template.create({ data: { workspaceId, ...dataOf(input) }, select: templateSelect });
  return { ...row, warnings };
}

export async function updateTemplate(workspaceId: string, id: string, input: TemplateInput): Promise<SavedTemplate> {
  const current = await getTemplate(workspaceId, id);
  // Flow steps are typed by channel: a template keeps the channel it was made for.
  if (current.channel !== input.channel) throw conflict(`This is ${current.channel === 'email' ? 'an email' : `a ${current.channel}`} template; its channel cannot change. Create a new template instead.`);
  const { warnings } = await check(workspaceId, input);
  const { count } = await db.template.updateMany({ where: { id, workspaceId }, data: { ...dataOf(input), updatedAt: new Date() } });
  if (count === 0) throw notFound('Template');
  return { ...(await getTemplate(workspaceId, id)), warnings };
}

/** What keeps a template from being deleted: flows that send it, and campaigns past draft that sent or will send it. */
async function templateUsers(workspaceId: string, id: string) {
  const [steps, campaigns] = await Promise.all([
    db.flowStep.findMany({ where: { templateId: id }, select: { flow: { select: { id: true, name: true } } } }),
    db.campaign.findMany({
      where: { workspaceId, status: { not: 'draft' }, OR: [{ templateId: id }, { schedule: { some: { templateId: id } } }] },
      select: { id: true, name: true, status: true },
    }),
  ]);
  const flows = [...new Map(steps.map((s) => [s.flow.id, s.flow])).values()];
  return { flows, campaigns };
}

/** Deletes a template nothing depends on; draft campaigns simply lose their template (the schema sets it null). */
export async function deleteTemplate(workspaceId: string, id: string): Promise<void> {
  await getTemplate(workspaceId, id);
  const { flows, campaigns } = await templateUsers(workspaceId, id);
  if (flows.length || campaigns.length) {
    const names = [...flows.map((f) => `flow "${f.name}"`), ...campaigns.map((c) => `${c.status} campaign "${c.name}"`)];
    throw conflict(`This template is in use by ${names.join(', ')}. Remove it from them first.`, { flows, campaigns });
  }
  try {
    await db.template.delete({ where: { id } });
  } catch (err) {
    // A flow step added since the check above holds the template (flow_steps restricts deletes).
    if (err instanceof Prisma.PrismaClientKnownRequestError && (err.code === 'P2003' || err.code === 'P2014')) throw conflict('This template is now used by a flow');
    throw err;
  }
}
