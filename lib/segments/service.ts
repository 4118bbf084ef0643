import { db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { conflict, notFound } from '@/lib/http/errors';
import { pageById, type PageQuery, type PrismaPage } from '@/lib/http/pagination';
import type { SegmentCriteria } from '@/lib/segments/criteria';
import { countSegments } from '@/lib/segments/evaluate';
import type { SegmentInput } from '@/lib/segments/input';

const segmentSelect = { id: true, name: true, description: true, criteria: true, createdAt: true, updatedAt: true } as const;

type SegmentRow = Prisma.SegmentGetPayload<{ select: typeof segmentSelect }>;

/** Criteria are stored as JSON; they are validated on the way in and again whenever they are compiled. */
export type Segment = Omit<SegmentRow, 'criteria'> & { criteria: SegmentCriteria };

const asSegment = (row: SegmentRow): Segment => ({ ...row, criteria: row.criteria as unknown as SegmentCriteria });
const asJson = (criteria: SegmentCriteria) => criteria as unknown as Prisma.InputJsonValue;

/** Campaigns in these states are sending (or will resume) from the segment. */
const RUNNING = new Set(['active', 'paused']);

/**
 * The workspace's segments, most recently changed first; with counts, each one's live audience (null if stale).
 * Without `page`, all of them: the campaign builder's picker must offer every segment, however many there are.
 */
export async function listSegments(
  workspaceId: string,
  options: { withCounts?: boolean } = {},
  page?: PrismaPage<{ id: string }>,
): Promise<(Segment & { count?: number | null })[]> {
  const rows = (await db.segment.findMany({ where: { workspaceId }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], ...page, select: segmentSelect })).map(asSegment);
  if (!options.withCounts) return rows;
  const counts = await countSegments(workspaceId, rows.map((r) => r.criteria));
  return rows.map((r, i) => ({ ...r, count: counts[i] }));
}

/** `GET /api/segments`: one page of `listSegments`, counting only that page's audiences. */
export const pageSegments = (workspaceId: string, query: PageQuery & { counts?: boolean }) =>
  pageById(query, (page) => listSegments(workspaceId, { withCounts: query.counts }, page));

/** How many segments the workspace has (the segments screen's page count). */
export const segmentTotal = (workspaceId: string) => db.segment.count({ where: { workspaceId } });

export async function getSegment(workspaceId: string, id: string): Promise<Segment> {
  const row = await db.segment.findFirst({ where: { id, workspaceId }, select: segmentSelect });
  if (!row) throw notFound('Segment');
  return asSegment(row);
}

export async function createSegment(workspaceId: string, input: SegmentInput): Promise<Segment> {
  const row = await db.segment.create({
    data: { workspaceId, name: input.name, description: input.description, criteria: asJson(input.criteria) },
    select: segmentSelect,
  });
  return asSegment(row);
}

export async function updateSegment(workspaceId: string, id: string, input: SegmentInput): Promise<Segment> {
  const { count } = await db.segment.updateMany({
    where: { id, workspaceId },
    data: { name: input.name, description: input.description, criteria: asJson(input.criteria) },
  });
  if (count === 0) throw notFound('Segment');
  return getSegment(workspaceId, id);
}

/**
 * Deletes a segment no campaign uses. Running (active or paused) campaigns are named in the 409; campaigns keep
 * a required reference to their segment, so drafts and completed ones block deletion too.
 */
export async function deleteSegment(workspaceId: string, id: string): Promise<void> {
  const segment = await db.segment.findFirst({
    where: { id, workspaceId },
    select: { campaigns: { select: { id: true, name: true, status: true }, orderBy: { createdAt: 'desc' } } },
  });
  if (!segment) throw notFound('Segment');
  const running = segment.campaigns.filter((c) => RUNNING.has(c.status));
  if (running.length) {
    throw conflict(`This segment is used by running campaigns: ${running.map((c) => c.name).join(', ')}. Complete them first.`, { campaigns: running });
  }
  if (segment.campaigns.length) {
    throw conflict(`This segment is used by campaigns: ${segment.campaigns.map((c) => c.name).join(', ')}. Delete or re-target them first.`, {
      campaigns: segment.campaigns,
    });
  }
  try {
    await db.segment.delete({ where: { id } });
  } catch (err) {
    // A campaign created since the check above still holds the segment.
    if (err instanceof Prisma.PrismaClientKnownRequestError && (err.code === 'P2003' || err.code === 'P2014')) throw conflict('This segment is now used by a campaign');
    throw err;
  }
}
