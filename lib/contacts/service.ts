import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { decodeCursor, encodeCursor, type ContactCursor } from '@/lib/contacts/cursor';
import { MAX_CONTACT_BATCH, contactInputSchema, type ContactChannelsInput, type ContactInput, type ContactListQuery } from '@/lib/contacts/schema';
import { writeContacts } from '@/lib/contacts/upsert';
import { badRequest, fieldErrorsOf, notFound } from '@/lib/http/errors';
import { safeParseInput } from '@/lib/http/parse';

export interface UpsertResult {
  index: number;
  email: string | null;
  status: 'created' | 'updated' | 'rejected';
  id?: string;
  errors?: Record<string, string[]>;
}

const emailOf = (item: unknown): string | null =>
  item && typeof item === 'object' && typeof (item as { email?: unknown }).email === 'string' ? (item as { email: string }).email.trim().toLowerCase() : null;

/**
 * Creates or updates contacts by email. Each item is validated on its own: valid ones are written in one
 * statement, invalid ones (and repeats of an email earlier in the batch) come back rejected with field errors.
 */
export async function upsertContacts(workspaceId: string, items: unknown[]) {
  if (items.length > MAX_CONTACT_BATCH) throw badRequest(`At most ${MAX_CONTACT_BATCH} contacts per request`);
  const schema = contactInputSchema(await loadAttributeTypes(workspaceId));
  const results: UpsertResult[] = [];
  const accepted = new Map<string, { index: number; input: ContactInput }>();
  items.forEach((item, index) => {
    const parsed = safeParseInput(schema, item);
    if (!parsed.success) {
      results[index] = { index, email: emailOf(item), status: 'rejected', errors: fieldErrorsOf(parsed.error) };
      return;
    }
    const first = accepted.get(parsed.data.email);
    if (first) {
      results[index] = { index, email: parsed.data.email, status: 'rejected', errors: { email: [`Repeats item ${first.index} of this batch`] } };
      return;
    }
    accepted.set(parsed.data.email, { index, input: parsed.data });
  });
  if (accepted.size) {
    for (const row of await writeContacts(db, workspaceId, [...accepted.values()].map((a) => a.input))) {
      const { index } = accepted.get(row.email)!;
      results[index] = { index, email: row.email, status: row.created ? 'created' : 'updated', id: row.id };
    }
  }
  const tally = (status: UpsertResult['status']) => results.filter((r) => r.status === status).length;
  return { created: tally('created'), updated: tally('updated'), rejected: tally('rejected'), results };
}

const listSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  phone: true,
  timeZone: true,
  locale: true,
  marketingOptIn: true,
  smsOptIn: true,
  whatsappOptIn: true,
  callOptIn: true,
  tags: true,
  createdAt: true,
} as const satisfies Prisma.ContactSelect;

/** Keyset condition: rows strictly after the cursor in the direction of travel. */
function beyond(cursor: ContactCursor): Prisma.ContactWhereInput {
  const cmp = cursor.direction === 'next' ? 'lt' : 'gt';
  return { OR: [{ createdAt: { [cmp]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [cmp]: cursor.id } }] };
}

/** Every word must match: an email prefix, or part of the first or last name. */
function searchFilters(q: string | undefined): Prisma.ContactWhereInput[] {
  const terms = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  return terms.map((term) => ({
    OR: [
      { email: { startsWith: term.toLowerCase() } },
      { firstName: { contains: term, mode: 'insensitive' } },
      { lastName: { contains: term, mode: 'insensitive' } },
    ],
  }));
}

/** A page of contacts, newest first, with opaque cursors to the neighbouring pages (null at either end). */
export async function listContacts(workspaceId: string, query: ContactListQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const backwards = cursor?.direction === 'prev';
  const filters: Prisma.ContactWhereInput[] = [{ workspaceId }, ...searchFilters(query.q)];
  if (query.optIn !== undefined) filters.push({ marketingOptIn: query.optIn });
  if (query.tag) filters.push({ tags: { has: query.tag } });
  if (cursor) filters.push(beyond(cursor));
  const order = backwards ? 'asc' : 'desc';
  const rows = await db.contact.findMany({ where: { AND: filters }, orderBy: [{ createdAt: order }, { id: order }], take: query.limit + 1, select: listSelect });
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  return {
    items,
    nextCursor: last && (backwards || more) ? encodeCursor({ createdAt: last.createdAt, id: last.id, direction: 'next' }) : null,
    prevCursor: first && (backwards ? more : cursor !== null) ? encodeCursor({ createdAt: first.createdAt, id: first.id, direction: 'prev' }) : null,
  };
}

export function countContacts(workspaceId: string) {
  return db.contact.count({ where: { workspaceId } });
}

/**
 * The latest 100 campaigns a contact was targeted by, with the state it reached in each (recipients carry no relation).
 * Each of the workspace's campaigns, newest first, is probed by its recipients' primary key: recipients keep no index
 * by contact, which every activation and state change would pay for row by row.
 */
async function campaignsOfContact(workspaceId: string, contactId: string) {
  return db.$queryRaw<{ state: string; exclusionReason: string | null; campaign: { id: string; name: string; status: string } }[]>`
    SELECT r.state::text AS state, r.exclusion_reason AS "exclusionReason", json_build_object('id', c.id, 'name', c.name, 'status', c.status) AS campaign
    FROM campaigns c
    CROSS JOIN LATERAL (
      SELECT state, exclusion_reason FROM campaign_recipients WHERE campaign_id = c.id AND contact_id = ${contactId}::uuid
    ) r
    WHERE c.workspace_id = ${workspaceId}::uuid
    ORDER BY c.created_at DESC
    LIMIT 100`;
}

/** One contact with the campaigns it was targeted by and its latest messages. */
export async function getContact(workspaceId: string, id: string) {
  const contact = await db.contact.findFirst({
    where: { id, workspaceId },
    include: {
      messages: {
        orderBy: { createdAt: 'desc' },
        take: 100,
        select: {
          id: true,
          stepIndex: true,
          status: true,
          toAddress: true,
          failureReason: true,
          sentAt: true,
          openedAt: true,
          clickedAt: true,
          createdAt: true,
          campaign: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!contact) throw notFound('Contact');
  return { ...contact, recipients: await campaignsOfContact(workspaceId, id) };
}

/** Sets one contact's phone number and channel consents, through the same upsert as the API (opt-in time kept). */
export async function updateContactChannels(workspaceId: string, id: string, input: ContactChannelsInput): Promise<void> {
  const contact = await db.contact.findFirst({ where: { id, workspaceId }, select: { email: true } });
  if (!contact) throw notFound('Contact');
  await writeContacts(db, workspaceId, [{ ...input, email: contact.email }]);
}
