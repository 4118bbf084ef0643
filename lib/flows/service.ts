import { db } from '@/lib/db';
import { badRequest, notFound } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { pageById, type PageQuery, type PrismaPage } from '@/lib/http/pagination';
import { Prisma } from '@/lib/generated/prisma/client';
import { missingTemplateIds } from '@/lib/templates/lookup';
import { lockEditableFlow } from '@/lib/flows/lock';
import { flowStepsSchema, type FlowPatch, type FlowStepInput, type NewFlow } from '@/lib/flows/schema';
import type { AbTest } from '@/lib/engagement/ab-test-schema';
import { insertStep, moveStep, removeStep, replaceStep } from '@/lib/flows/steps';
import { CHANNEL_LABELS, CHANNEL_OF_STEP_TYPE, callPolicySchema, countsByChannel, isSendStepType, type TemplateChannel } from '@/lib/channels/content';

type Tx = Prisma.TransactionClient;

/** Template references are checked before any transaction opens (PGlite has one connection): each must exist and be of the step's channel. */
async function assertTemplates(workspaceId: string, steps: readonly FlowStepInput[], fieldOf: (index: number) => string) {
  const ids = steps.flatMap((s) => (s.type === 'SEND_EMAIL' ? [s.templateId, ...(s.abTest?.variants.map((v) => v.templateId) ?? [])] : s.type === 'WAIT' ? [] : [s.templateId]));
  const missing = new Set(await missingTemplateIds(workspaceId, ids));
  const channels = new Map((await db.template.findMany({ where: { workspaceId, id: { in: ids.filter((id) => !missing.has(id)) } }, select: { id: true, channel: true } })).map((t) => [t.id, t.channel]));
  const fieldErrors: Record<string, string[]> = {};
  steps.forEach((s, i) => {
    if (s.type === 'WAIT') return;
    const want = CHANNEL_OF_STEP_TYPE[s.type];
    const has = channels.get(s.templateId);
    if (has && has !== want) fieldErrors[fieldOf(i)] = [`Choose a ${CHANNEL_LABELS[want]} template (this one is ${CHANNEL_LABELS[has as TemplateChannel] ?? has})`];
    if (s.type !== 'SEND_EMAIL') {
      if (missing.has(s.templateId)) fieldErrors[fieldOf(i)] = ['Template not found in this workspace'];
      return;
    }
    if (missing.has(s.templateId)) fieldErrors[fieldOf(i)] = ['Template not found in this workspace'];
    s.abTest?.variants.forEach((v, j) => {
      if (missing.has(v.templateId)) fieldErrors[fieldOf(i).replace(/templateId$/, `abTest.variants.${j}.templateId`)] = ['Template not found in this workspace'];
    });
  });
  if (Object.keys(fieldErrors).length) throw badRequest(missing.size ? 'Template not found' : 'A template does not fit its step', fieldErrors);
}

const stepData = (s: FlowStepInput, position: number) => ({
  position,
  type: s.type,
  templateId: s.type === 'WAIT' ? null : s.templateId,
  abTest: s.type === 'SEND_EMAIL' && s.abTest ? (s.abTest as object) : Prisma.DbNull,
  callPolicy: s.type === 'PLACE_CALL' ? (s.callPolicy as object) : Prisma.DbNull,
  waitDays: s.type === 'WAIT' ? s.waitDays : 0,
  waitHours: s.type === 'WAIT' ? s.waitHours : 0,
});

/** Rewrites the flow's steps in order, keeping the ids of steps that stay; positions are renumbered 0..n-1. */
async function writeSteps(tx: Tx, flowId: string, steps: readonly FlowStepInput[]) {
  const existing = new Set((await tx.flowStep.findMany({ where: { flowId }, select: { id: true } })).map((s) => s.id));
  const unknown = steps.flatMap((s, i) => (s.id && !existing.has(s.id) ? [`steps.${i}.id`] : []));
  if (unknown.length) throw badRequest('Unknown step', Object.fromEntries(unknown.map((k) => [k, ['Not a step of this flow']])));
  // Move every position out of the way first, so the (flow, position) unique key never trips mid-rewrite.
  await tx.$executeRawUnsafe(`UPDATE flow_steps SET position = -1 - position WHERE flow_id = $1::uuid`, flowId);
  const kept = steps.flatMap((s) => (s.id ? [s.id] : []));
  await tx.flowStep.deleteMany({ where: { flowId, id: { notIn: kept } } });
  for (const [i, s] of steps.entries()) {
    if (s.id) await tx.flowStep.update({ where: { id: s.id }, data: stepData(s, i) });
    else await tx.flowStep.create({ data: { flowId, ...stepData(s, i) } });
  }
  await tx.flow.update({ where: { id: flowId }, data: { updatedAt: new Date() } });
}

const flowInclude = {
  steps: { orderBy: { position: 'asc' }, include: { template: { select: { id: true, name: true } } } },
} satisfies Prisma.FlowInclude;

/** A flow with its steps and the running campaigns that keep it from being edited; 404 outside the workspace. */
export async function getFlow(workspaceId: string, id: string) {
  const flow = await db.flow.findFirst({ where: { id, workspaceId }, include: flowInclude });
  if (!flow) throw notFound('Flow');
  const lockedBy = await db.campaign.findMany({
    where: { flowId: id, workspaceId, status: { in: ['active', 'paused'] } },
    select: { id: true, name: true, status: true },
  });
  return { ...flow, lockedBy };
}

export type FlowDetail = Awaited<ReturnType<typeof getFlow>>;

/** Flows newest first, with step counts (sends by channel too) and how many campaigns use each; `page` limits it to one page. */
export async function listFlows(workspaceId: string, page?: PrismaPage<{ id: string }>) {
  const flows = await db.flow.findMany({
    where: { workspaceId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    ...page,
    include: { steps: { select: { type: true, waitDays: true, waitHours: true } }, campaigns: { select: { status: true } } },
  });
  return flows.map(({ steps, campaigns, ...flow }) => ({
    ...flow,
    emailCount: steps.filter((s) => s.type === 'SEND_EMAIL').length,
    sends: countsByChannel(steps.flatMap((s) => (isSendStepType(s.type) ? [[CHANNEL_OF_STEP_TYPE[s.type], 1] as const] : []))),
    stepCount: steps.length,
    totalWaitHours: steps.reduce((h, s) => h + s.waitDays * 24 + s.waitHours, 0),
    campaignCount: campaigns.length,
    locked: campaigns.some((c) => c.status === 'active' || c.status === 'paused'),
  }));
}

/** `GET /api/flows`: one page of `listFlows`. */
export const pageFlows = (workspaceId: string, query: PageQuery) => pageById(query, (page) => listFlows(workspaceId, page));

/** How many flows the workspace has (the flows screen's page count). */
export const flowTotal = (workspaceId: string) => db.flow.count({ where: { workspaceId } });

export async function createFlow(workspaceId: string, input: NewFlow) {
  await assertTemplates(workspaceId, input.steps, (i) => `steps.${i}.templateId`);
  const flow = await db.flow.create({
    data: {
      workspaceId,
      name: input.name,
      description: input.description ?? null,
      steps: { create: input.steps.map((s, i) => stepData(s, i)) },
    },
  });
  return getFlow(workspaceId, flow.id);
}

/** Runs one edit of the step list in a transaction, under the edit lock (409 while a running campaign uses the flow). */
async function editFlow(workspaceId: string, flowId: string, edit: (steps: FlowStepInput[]) => FlowStepInput[] | null, fields?: { name?: string; description?: string | null }) {
  await db.$transaction(async (tx) => {
    await lockEditableFlow(tx, workspaceId, flowId);
    if (fields && Object.keys(fields).length) await tx.flow.update({ where: { id: flowId }, data: fields });
    const current = await tx.flowStep.findMany({ where: { flowId }, orderBy: { position: 'asc' } });
    const next = edit(current.map(toInput));
    if (next) await writeSteps(tx, flowId, parseWith(flowStepsSchema, next));
  });
  return getFlow(workspaceId, flowId);
}

function toInput(s: { id: string; type: string; templateId: string | null; abTest: Prisma.JsonValue; callPolicy: Prisma.JsonValue; waitDays: number; waitHours: number }): FlowStepInput {
  if (s.type === 'SEND_EMAIL') return { id: s.id, type: 'SEND_EMAIL', templateId: s.templateId ?? '', abTest: (s.abTest as AbTest | null) ?? null };
  if (s.type === 'SEND_SMS' || s.type === 'SEND_WHATSAPP') return { id: s.id, type: s.type, templateId: s.templateId ?? '' };
  if (s.type === 'PLACE_CALL') return { id: s.id, type: 'PLACE_CALL', templateId: s.templateId ?? '', callPolicy: callPolicySchema.parse(s.callPolicy ?? {}) };
  return { id: s.id, type: 'WAIT', waitDays: s.waitDays, waitHours: s.waitHours };
}

/** Renames, re-describes and/or replaces the whole ordered step list. */
export async function updateFlow(workspaceId: string, flowId: string, patch: FlowPatch) {
  if (patch.steps) await assertTemplates(workspaceId, patch.steps, (i) => `steps.${i}.templateId`);
  const fields = { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) };
  return editFlow(workspaceId, flowId, () => patch.steps ?? null, fields);
}

export async function addFlowStep(workspaceId: string, flowId: string, step: FlowStepInput, at?: number) {
  await assertTemplates(workspaceId, [step], () => 'templateId');
  return editFlow(workspaceId, flowId, (steps) => insertStep(steps, step, at));
}

export async function updateFlowStep(workspaceId: string, flowId: string, stepId: string, step: FlowStepInput) {
  await assertTemplates(workspaceId, [step], () => 'templateId');
  return editFlow(workspaceId, flowId, (steps) => replaceStep(steps, stepId, step));
}

export function moveFlowStep(workspaceId: string, flowId: string, stepId: string, toIndex: number) {
  return editFlow(workspaceId, flowId, (steps) => moveStep(steps, stepId, toIndex));
}

export function removeFlowStep(workspaceId: string, flowId: string, stepId: string) {
  return editFlow(workspaceId, flowId, (steps) => removeStep(steps, stepId));
}

/** Deletes a flow no running campaign uses; drafts and finished campaigns that pointed at it keep going without it. */
export async function deleteFlow(workspaceId: string, flowId: string) {
  await db.$transaction(async (tx) => {
    await lockEditableFlow(tx, workspaceId, flowId);
    await tx.flow.delete({ where: { id: flowId } });
  });
  return { deleted: true };
}

/** A new, freely editable flow with the same steps: the way to change a flow a running campaign uses. */
export async function copyFlow(workspaceId: string, flowId: string, name?: string) {
  const source = await getFlow(workspaceId, flowId);
  const copy = await db.flow.create({
    data: {
      workspaceId,
      name: name ?? `Copy of ${source.name}`.slice(0, 120),
      description: source.description,
      steps: { create: source.steps.map((s) => ({ position: s.position, type: s.type, templateId: s.templateId, abTest: s.abTest ?? Prisma.DbNull, waitDays: s.waitDays, waitHours: s.waitHours })) },
    },
  });
  return getFlow(workspaceId, copy.id);
}
