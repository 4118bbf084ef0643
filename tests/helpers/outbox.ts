import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AnalyticsEventRow } from '@/lib/analytics/events';

/** Fields an event's ClickHouse row must have, compared with ===. */
export type RowMatch = Partial<Record<keyof AnalyticsEventRow, string | number | null>>;

/** One event waiting in (or shipped from) the outbox: its ClickHouse row, and the state of the outbox row holding it. */
export interface OutboxEvent {
  id: string;
  workspaceId: string;
  payload: AnalyticsEventRow;
  /** The outbox row's id: one row holds the events of one recordEvents call (and workspace). */
  rowId: bigint;
  createdAt: Date;
  shippedAt: Date | null;
  batchId: string | null;
}

/**
 * The outbox's events, in row then line order, from the rows matching `where`, keeping those whose ClickHouse row has
 * every field of `match`.
 */
export async function outboxEvents(where: Prisma.AnalyticsOutboxWhereInput = {}, match: RowMatch = {}): Promise<OutboxEvent[]> {
  const rows = await db.analyticsOutbox.findMany({ where, orderBy: { id: 'asc' } });
  const wanted = Object.entries(match);
  return rows.flatMap((r) =>
    r.body
      .split('\n')
      .map((line) => JSON.parse(line) as AnalyticsEventRow)
      .filter((payload) => wanted.every(([k, v]) => payload[k as keyof AnalyticsEventRow] === v))
      .map((payload) => ({ id: payload.id, workspaceId: r.workspaceId, payload, rowId: r.id, createdAt: r.createdAt, shippedAt: r.shippedAt, batchId: r.batchId })),
  );
}

/** How many outbox events match, as outboxEvents selects them. */
export async function countOutboxEvents(where: Prisma.AnalyticsOutboxWhereInput = {}, match: RowMatch = {}): Promise<number> {
  return (await outboxEvents(where, match)).length;
}

/**
 * Forgets the matching events as if they had never been recorded: their ids, and the outbox rows holding them, which
 * must hold nothing else.
 */
export async function forgetOutboxEvents(where: Prisma.AnalyticsOutboxWhereInput, match: RowMatch): Promise<number> {
  const gone = await outboxEvents(where, match);
  const rowIds = [...new Set(gone.map((e) => e.rowId))];
  const held = await outboxEvents({ id: { in: rowIds } });
  if (held.length !== gone.length) throw new Error('An outbox row holds other events than those to forget');
  await db.analyticsOutbox.deleteMany({ where: { id: { in: rowIds } } });
  await db.analyticsEventId.deleteMany({ where: { id: { in: gone.map((e) => e.id) } } });
  return gone.length;
}
