import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { workOnce } from '@/lib/jobs/worker';
import { beginCopyBuild, currentCopy, pruneContactChanges, recordCopy } from '@/lib/segments/columnar/freshness';
import { queryRows } from '@/lib/clickhouse';
import { requestContactCopy } from '@/lib/segments/columnar/request';
import { countFromCopy } from '@/lib/segments/columnar/count';
import { countSegments } from '@/lib/segments/evaluate';
import type { SegmentCriteria } from '@/lib/segments/criteria';
import { createWorkspace } from '../helpers/factory';
import { withOwnDatabase } from '../setup/own-database';

// The worker claims any due job, so this file keeps its queue to itself.
withOwnDatabase('herald_contact_copy');

const vip: SegmentCriteria = { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'vip' }] };
const engaged: SegmentCriteria = { type: 'group', combinator: 'and', children: [{ type: 'engagement', event: 'opened' }] };

async function workspaceWithContacts(n: number) {
  const { workspace } = await createWorkspace('Copy');
  await db.contact.createMany({ data: Array.from({ length: n }, (_, i) => ({ workspaceId: workspace.id, email: `c${i}@example.test`, tags: i % 3 === 0 ? ['vip'] : [] })) });
  return workspace.id;
}

const copyJobs = (workspaceId: string) => db.job.count({ where: { name: 'segments.copy-contacts', payload: { equals: { workspaceId } } } });

describe('the contact copy job', () => {
  it('is asked for once however many slow counts ask, builds the copy, and counts then come from it', async () => {
    const workspaceId = await workspaceWithContacts(30);
    await Promise.all([requestContactCopy(workspaceId), requestContactCopy(workspaceId), requestContactCopy(workspaceId)]);
    expect(await copyJobs(workspaceId)).toBe(1);
    expect(await currentCopy(workspaceId)).toBeNull();

    expect(await workOnce()).toBe(1);
    expect(await db.job.findFirst({ where: { name: 'segments.copy-contacts' } })).toMatchObject({ status: 'completed' });
    expect(await db.contactCopy.findUnique({ where: { workspaceId } })).toMatchObject({ contacts: 30, requestedAt: null });
    expect(await currentCopy(workspaceId)).not.toBeNull();
    const attributeTypes = {};
    expect(await countFromCopy(workspaceId, [vip], { attributeTypes, now: new Date() })).toEqual([10]);

    // A page of segments: the copy answers what it can and PostgreSQL the rest, in the order asked.
    expect(await countSegments(workspaceId, [engaged, vip])).toEqual([0, 10]);

    // Just built: another request waits for the pause between builds instead of starting one.
    await requestContactCopy(workspaceId);
    expect(await copyJobs(workspaceId)).toBe(1);
  });

  it('forgets the contact changes of workspaces without a copy, and keeps those a copy depends on', async () => {
    const watched = await workspaceWithContacts(3);
    const unwatched = await workspaceWithContacts(3);
    await requestContactCopy(watched);
    await workOnce();
    await db.contact.create({ data: { workspaceId: watched, email: 'late@example.test' } });
    const changes = (workspaceId: string) => db.contactChange.count({ where: { workspaceId } });
    expect(await changes(unwatched)).toBeGreaterThan(0);
    expect(await changes(watched)).toBe(1);

    expect(await pruneContactChanges()).toMatchObject({ dropped: 0 });
    expect(await changes(unwatched)).toBe(0);
    expect(await changes(watched)).toBe(1);
    expect(await currentCopy(watched)).toBeNull();
  });

  it('drops a copy stale for a day with the changes it kept, and a build begun before cannot land without them', async () => {
    const workspaceId = await workspaceWithContacts(6);
    await requestContactCopy(workspaceId);
    await workOnce();
    const rowsInCopy = async () => Number((await queryRows<{ n: string }>('SELECT count() AS n FROM segment_contacts WHERE workspace_id = {w:UUID}', { w: workspaceId }))[0].n);
    expect(await rowsInCopy()).toBe(6);
    await db.contact.create({ data: { workspaceId, email: 'late@example.test' } });
    const inFlight = await beginCopyBuild(workspaceId);

    // Stale, but built recently: kept, since the next slow count rebuilds it.
    expect(await pruneContactChanges()).toMatchObject({ dropped: 0 });
    await db.contactCopy.update({ where: { workspaceId }, data: { builtAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await pruneContactChanges()).toMatchObject({ dropped: 1 });
    expect(await db.contactChange.count({ where: { workspaceId } })).toBe(0);
    expect(await db.contactCopy.findUnique({ where: { workspaceId } })).toMatchObject({ generation: null, epoch: inFlight + 1 });
    expect(await currentCopy(workspaceId)).toBeNull();
    await expect.poll(rowsInCopy).toBe(0);

    // The build that began before the drop read a snapshot whose missing changes are gone: it may not land.
    const snapshot = (await db.$queryRawUnsafe<{ s: string }[]>('SELECT pg_current_snapshot()::text AS s'))[0].s;
    expect(await recordCopy(workspaceId, { epoch: inFlight, generation: BigInt(Date.now()), snapshot, contacts: 6 })).toBe(false);
    expect(await currentCopy(workspaceId)).toBeNull();
  });
});
