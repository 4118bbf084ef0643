/** The builders offer every segment, flow and campaign of the workspace, however many there are. */
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { campaignBuilderOptions } from '@/lib/campaigns/builder-options';
import { segmentBuilderOptions } from '@/lib/segments/builder-options';
import { createWorkspace } from '../helpers/factory';

describe('campaign builder options', () => {
  it('lists all 260 segments and 560 flows, the oldest included', async () => {
    const { workspace } = await createWorkspace('Many pickers');
    const workspaceId = workspace.id;
    const criteria = { type: 'group', combinator: 'and', children: [] };
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000);
    await db.segment.createMany({ data: Array.from({ length: 260 }, (_, i) => ({ workspaceId, name: `Segment ${i}`, criteria, updatedAt: at(i) })) });
    await db.flow.createMany({ data: Array.from({ length: 560 }, (_, i) => ({ workspaceId, name: `Flow ${i}`, updatedAt: at(i) })) });

    const options = await campaignBuilderOptions(workspaceId);
    expect(options.segments).toHaveLength(260);
    expect(options.flows).toHaveLength(560);
    // Most recently changed first, down to the oldest, which a 200- or 500-row cap used to leave out.
    expect(options.segments.at(0)?.name).toBe('Segment 259');
    expect(options.segments.at(-1)?.name).toBe('Segment 0');
    expect(options.flows.at(-1)).toMatchObject({ name: 'Flow 0', sends: { email: 0, sms: 0, whatsapp: 0, call: 0 }, totalWaitHours: 0 });
  });

  it('the segment builder offers all 230 campaigns for engagement conditions, the oldest included', async () => {
    const { workspace } = await createWorkspace('Many campaigns');
    const workspaceId = workspace.id;
    const segment = await db.segment.create({ data: { workspaceId, name: 'Everyone', criteria: { type: 'group', combinator: 'and', children: [] } } });
    await db.campaign.createMany({ data: Array.from({ length: 230 }, (_, i) => ({ workspaceId, segmentId: segment.id, name: `Campaign ${i}`, createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000) })) });
    const { campaigns } = await segmentBuilderOptions(workspaceId);
    expect(campaigns).toHaveLength(230);
    expect(campaigns.at(-1)?.name).toBe('Campaign 0');
  });
});
