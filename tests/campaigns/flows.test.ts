import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import * as collection from '@/app/api/flows/route';
import * as item from '@/app/api/flows/[id]/route';
import * as copy from '@/app/api/flows/[id]/copy/route';
import { addFlowStep, moveFlowStep, removeFlowStep, updateFlowStep } from '@/lib/flows/service';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { completeCampaign } from '@/lib/campaigns/status';
import { addContacts, call, tenant, tomorrow } from './helpers';

type Step = { id: string; position: number; type: string; templateId: string | null; waitDays: number; waitHours: number };
const summary = (steps: Step[]) => steps.map((s) => (s.type === 'WAIT' ? `wait ${s.waitDays}d${s.waitHours}h` : `send ${s.templateId}`));

async function flowWithSteps(t: Awaited<ReturnType<typeof tenant>>) {
  const res = await call(collection.POST, t.key, {
    method: 'POST',
    body: {
      name: 'Onboarding',
      steps: [
        { type: 'SEND_EMAIL', templateId: t.templates[0].id },
        { type: 'WAIT', waitDays: 2 },
        { type: 'SEND_EMAIL', templateId: t.templates[1].id },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.body.flow as { id: string; steps: Step[] };
}

describe('flows API', () => {
  it('creates, lists, reads, renames and reorders a flow, rewriting positions', async () => {
    const t = await tenant();
    const flow = await flowWithSteps(t);
    expect(flow.steps.map((s) => s.position)).toEqual([0, 1, 2]);
    expect(summary(flow.steps)).toEqual([`send ${t.templates[0].id}`, 'wait 2d0h', `send ${t.templates[1].id}`]);

    const list = await call(collection.GET, t.key);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ emailCount: 2, sends: { email: 2, sms: 0, whatsapp: 0, call: 0 }, stepCount: 3, totalWaitHours: 48, locked: false });

    const [a, w, b] = flow.steps;
    const reordered = await call(item.PATCH, t.key, {
      method: 'PATCH',
      params: { id: flow.id },
      body: { name: 'Onboarding v2', steps: [{ id: b.id, type: 'SEND_EMAIL', templateId: b.templateId }, { id: w.id, type: 'WAIT', waitDays: 1, waitHours: 3 }, { id: a.id, type: 'SEND_EMAIL', templateId: a.templateId }, { type: 'SEND_EMAIL', templateId: t.templates[2].id }] },
    });
    expect(reordered.status).toBe(200);
    const steps = reordered.body.flow.steps as Step[];
    expect(reordered.body.flow.name).toBe('Onboarding v2');
    expect(steps.map((s) => [s.id, s.position])).toEqual([[b.id, 0], [w.id, 1], [a.id, 2], [steps[3].id, 3]]);
    expect(steps[1]).toMatchObject({ waitDays: 1, waitHours: 3 });

    const read = await call(item.GET, t.key, { params: { id: flow.id } });
    expect(read.body.flow.steps.map((s: Step) => s.id)).toEqual(steps.map((s) => s.id));
  });

  it('adds, edits, moves and removes single steps', async () => {
    const t = await tenant();
    const flow = await flowWithSteps(t);
    let f = await addFlowStep(t.workspace.id, flow.id, { type: 'WAIT', waitDays: 0, waitHours: 5 }, 1);
    expect(summary(f.steps)).toEqual([`send ${t.templates[0].id}`, 'wait 0d5h', 'wait 2d0h', `send ${t.templates[1].id}`]);
    f = await updateFlowStep(t.workspace.id, flow.id, f.steps[3].id, { type: 'SEND_EMAIL', templateId: t.templates[2].id });
    expect(f.steps[3].templateId).toBe(t.templates[2].id);
    f = await moveFlowStep(t.workspace.id, flow.id, f.steps[3].id, 0);
    expect(summary(f.steps)).toEqual([`send ${t.templates[2].id}`, `send ${t.templates[0].id}`, 'wait 0d5h', 'wait 2d0h']);
    f = await removeFlowStep(t.workspace.id, flow.id, f.steps[2].id);
    expect(f.steps.map((s) => s.position)).toEqual([0, 1, 2]);
    await expect(removeFlowStep(t.workspace.id, flow.id, randomUUID())).rejects.toMatchObject({ status: 404 });
    await expect(addFlowStep(t.workspace.id, flow.id, { type: 'SEND_EMAIL', templateId: (await tenant()).templates[0].id })).rejects.toMatchObject({ status: 400 });
  });

  it('answers bad steps with 400 and field errors, changing nothing', async () => {
    const t = await tenant();
    const flow = await flowWithSteps(t);
    const other = await tenant();
    const bad = await call(item.PATCH, t.key, {
      method: 'PATCH',
      params: { id: flow.id },
      body: { steps: [{ type: 'WAIT', waitDays: 0, waitHours: 0 }, { type: 'SEND_EMAIL' }, { type: 'SMS' }, { type: 'WAIT', waitHours: 30 }] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['steps.0.waitHours', 'steps.1.templateId', 'steps.2.type', 'steps.3.waitHours']);
    const foreign = await call(item.PATCH, t.key, { method: 'PATCH', params: { id: flow.id }, body: { steps: [{ type: 'WAIT', waitDays: 1 }, { type: 'SEND_EMAIL', templateId: other.templates[0].id }] } });
    expect(foreign.status).toBe(400);
    expect(Object.keys(foreign.body.fieldErrors)).toEqual(['steps.1.templateId']);
    const unknownId = await call(item.PATCH, t.key, { method: 'PATCH', params: { id: flow.id }, body: { steps: [{ id: randomUUID(), type: 'WAIT', waitDays: 1 }] } });
    expect(unknownId.status).toBe(400);
    expect(await db.flowStep.count({ where: { flowId: flow.id } })).toBe(3);
    expect((await call(collection.POST, t.key, { method: 'POST', body: { name: '' } })).status).toBe(400);
  });

  it('hides another workspace’s flow (404)', async () => {
    const t = await tenant();
    const flow = await flowWithSteps(t);
    const other = await tenant();
    expect((await call(item.GET, other.key, { params: { id: flow.id } })).status).toBe(404);
    expect((await call(item.PATCH, other.key, { method: 'PATCH', params: { id: flow.id }, body: { name: 'x' } })).status).toBe(404);
    expect((await call(item.DELETE, other.key, { method: 'DELETE', params: { id: flow.id } })).status).toBe(404);
    expect((await call(copy.POST, other.key, { method: 'POST', params: { id: flow.id } })).status).toBe(404);
  });

  it('locks a flow while an active or paused campaign uses it (409 suggesting a copy); the copy is editable', async () => {
    const t = await tenant();
    await addContacts(t.workspace.id, [{}]);
    const flow = await flowWithSteps(t);
    const { campaign } = await createCampaign(t.actor, { name: 'Uses flow', segmentId: t.segment.id, flowId: flow.id, startDate: tomorrow() });
    await activateCampaign(t.actor, campaign.id);

    const locked = await call(item.PATCH, t.key, { method: 'PATCH', params: { id: flow.id }, body: { name: 'Changed' } });
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatch(/copy it/);
    expect(locked.body.copy).toBe(`/api/flows/${flow.id}/copy`);
    expect(locked.body.campaigns).toEqual([{ id: campaign.id, name: 'Uses flow', status: 'active' }]);
    await expect(removeFlowStep(t.workspace.id, flow.id, flow.steps[0].id)).rejects.toMatchObject({ status: 409 });
    expect((await call(item.DELETE, t.key, { method: 'DELETE', params: { id: flow.id } })).status).toBe(409);
    expect((await call(collection.GET, t.key)).body.items[0].locked).toBe(true);

    const copied = await call(copy.POST, t.key, { method: 'POST', params: { id: flow.id } });
    expect(copied.status).toBe(201);
    expect(copied.body.flow.name).toBe('Copy of Onboarding');
    expect(summary(copied.body.flow.steps)).toEqual(summary(flow.steps));
    const edited = await call(item.PATCH, t.key, { method: 'PATCH', params: { id: copied.body.flow.id }, body: { name: 'Onboarding (edited)' } });
    expect(edited.status).toBe(200);
    const named = await call(copy.POST, t.key, { method: 'POST', params: { id: flow.id }, body: { name: 'Named copy' } });
    expect(named.body.flow.name).toBe('Named copy');
    expect((await call(copy.POST, t.key, { method: 'POST', params: { id: flow.id }, body: '{oops' })).status).toBe(400);

    await completeCampaign(t.actor, campaign.id);
    expect((await call(item.PATCH, t.key, { method: 'PATCH', params: { id: flow.id }, body: { name: 'Free again' } })).status).toBe(200);
    expect((await call(item.DELETE, t.key, { method: 'DELETE', params: { id: flow.id } })).status).toBe(200);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).flowId).toBeNull();
  });
});
