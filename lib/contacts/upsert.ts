import type { Prisma } from '@/lib/generated/prisma/client';
import type { ContactInput } from '@/lib/contacts/schema';
import type { SqlTransaction } from '@/lib/db';

/** The client or a transaction: both can run the raw statement. */
type SqlClient = Pick<Prisma.TransactionClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** Optional contact fields and their columns; a field the caller sent replaces the column, an absent one keeps it. */
const OPTIONAL_COLUMNS = {
  phone: 'phone',
  firstName: 'first_name',
  lastName: 'last_name',
  timeZone: 'time_zone',
  locale: 'locale',
  marketingOptIn: 'marketing_opt_in',
  optInSource: 'opt_in_source',
  tags: 'tags',
  smsOptIn: 'sms_opt_in',
  whatsappOptIn: 'whatsapp_opt_in',
  callOptIn: 'call_opt_in',
} as const satisfies Partial<Record<keyof ContactInput, string>>;

type OptionalField = keyof typeof OPTIONAL_COLUMNS;
const optionalFields = Object.keys(OPTIONAL_COLUMNS) as OptionalField[];
/** Each optional field's bit in a row's "sent" mask. */
const bitOf = (field: OptionalField) => 1 << optionalFields.indexOf(field);

/**
 * `$15` maps each email to the bit mask of the fields it sent and `$16` to the attributes it cleared, since EXCLUDED
 * cannot say "absent" apart from "null". Both are read only on conflict, so a plain insert never looks them up.
 */
const sent = (field: OptionalField) => `((($15::jsonb ->> EXCLUDED.email)::int & ${bitOf(field)}) <> 0)`;
const keepUnlessSent = (field: OptionalField) => {
  const column = OPTIONAL_COLUMNS[field];
  return `${column} = CASE WHEN ${sent(field)} THEN EXCLUDED.${column} ELSE c.${column} END`;
};

/**
 * One statement per batch, values as parallel arrays (unnest is about twice as fast as jsonb_to_recordset here);
 * tags travel as an array literal and attributes as JSON text per row, because unnest would flatten a two-dimensional
 * array. Why a literal, not JSON: casting text to text[] is one call, where expanding JSON was a subquery per row.
 */
const INSERT_SQL = `
INSERT INTO contacts AS c (workspace_id, email, phone, first_name, last_name, time_zone, locale,
                           marketing_opt_in, opt_in_at, opt_in_source, tags, attributes, sms_opt_in, whatsapp_opt_in, call_opt_in)
SELECT $1::uuid, r.email, r.phone, r.first_name, r.last_name, r.time_zone, r.locale,
       coalesce(r.opt_in, false), CASE WHEN r.opt_in THEN now() END, r.opt_in_source,
       coalesce(r.tags::text[], '{}'::text[]), coalesce(r.attributes::jsonb, '{}'::jsonb),
       coalesce(r.sms, false), coalesce(r.whatsapp, false), coalesce(r.call, false)
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::boolean[], $14::boolean[])
       AS r(email, phone, first_name, last_name, time_zone, locale, opt_in, opt_in_source, tags, attributes, sms, whatsapp, call)`;

/** Parameters the insert alone uses; the update clause adds the "sent" masks as $15 and $16. */
const INSERT_PARAMS = 14;

const UPSERT_SQL = `${INSERT_SQL}
ON CONFLICT (workspace_id, email) DO UPDATE SET
  ${optionalFields.map(keepUnlessSent).join(',\n  ')},
  opt_in_at = CASE WHEN ${sent('marketingOptIn')} AND EXCLUDED.marketing_opt_in AND NOT c.marketing_opt_in THEN now() ELSE c.opt_in_at END,
  attributes = (c.attributes || EXCLUDED.attributes) - coalesce(ARRAY(SELECT jsonb_array_elements_text($16::jsonb -> EXCLUDED.email)), '{}'::text[]),
  updated_at = now()`;

const RETURNING = `\nRETURNING c.id::text AS id, c.email, (c.xmax = 0) AS created`;

/**
 * Folds repeated emails into one input, later rows winning field by field (attributes key by key), which is what
 * applying the rows one after another would leave; one INSERT … ON CONFLICT may not touch a row twice.
 * The result is ordered by email: a fixed lock order, so two batches with overlapping emails wait instead of deadlocking.
 */
export function mergeByEmail(inputs: ContactInput[]): ContactInput[] {
  const byEmail = new Map<string, ContactInput>();
  for (const input of inputs) {
    const earlier = byEmail.get(input.email);
    if (!earlier) {
      byEmail.set(input.email, input);
      continue;
    }
    const merged: ContactInput = { ...earlier };
    for (const [field, value] of Object.entries(input)) if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
    if (earlier.attributes && input.attributes) merged.attributes = { ...earlier.attributes, ...input.attributes };
    byEmail.set(input.email, merged);
  }
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** A PostgreSQL text[] literal: every element quoted, its backslashes and double quotes escaped. */
const textArrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/** The statement's parameters for a batch already merged by email. */
function upsertParams(workspaceId: string, rows: ContactInput[]): unknown[] {
  const column = <T>(pick: (r: ContactInput) => T | null | undefined) => rows.map((r) => pick(r) ?? null);
  const masks: Record<string, number> = {};
  const unset: Record<string, string[]> = {};
  const attributes: (string | null)[] = [];
  for (const r of rows) {
    let mask = 0;
    for (const field of optionalFields) if (r[field] !== undefined) mask |= bitOf(field);
    masks[r.email] = mask;
    let set: Record<string, unknown> | null = null;
    for (const key in r.attributes ?? {}) {
      const value = r.attributes![key];
      if (value === null) (unset[r.email] ??= []).push(key);
      else (set ??= {})[key] = value;
    }
    attributes.push(set ? JSON.stringify(set) : null);
  }
  return [
    workspaceId,
    column((r) => r.email),
    column((r) => r.phone),
    column((r) => r.firstName),
    column((r) => r.lastName),
    column((r) => r.timeZone),
    column((r) => r.locale),
    column((r) => r.marketingOptIn),
    column((r) => r.optInSource),
    column((r) => (r.tags ? textArrayLiteral(r.tags) : null)),
    attributes,
    column((r) => r.smsOptIn),
    column((r) => r.whatsappOptIn),
    column((r) => r.callOptIn),
    JSON.stringify(masks),
    JSON.stringify(unset),
  ];
}

/**
 * Creates or updates validated contacts by email in one set-based INSERT … ON CONFLICT and says which were created.
 * A field left out keeps the stored value, null clears it, tags replace, attributes merge key by key (null clears a
 * key). Repeated emails are folded first. Works inside a transaction.
 */
export async function writeContacts(client: SqlClient, workspaceId: string, batch: ContactInput[]) {
  const rows = mergeByEmail(batch);
  if (rows.length === 0) return [];
  return client.$queryRawUnsafe<{ id: string; email: string; created: boolean }[]>(UPSERT_SQL + RETURNING, ...upsertParams(workspaceId, rows));
}

/** What a row whose email already belongs to a contact does: update that contact, or nothing (skipped). */
export type ExistingContacts = 'update' | 'skip';

/** The first row of each email, ordered by email like mergeByEmail: with skipping, a later row never changes an earlier one. */
function firstByEmail(inputs: ContactInput[]): ContactInput[] {
  const byEmail = new Map<string, ContactInput>();
  for (const input of inputs) if (!byEmail.has(input.email)) byEmail.set(input.email, input);
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

export interface ContactTally {
  created: number;
  updated: number;
  skipped: number;
}

/**
 * The bulk import's write: counts rather than rows come back. Counted per input row, so they add up to the batch: a
 * row that made a new contact is created; with `update`, every other row updated a contact (one that existed, or one
 * an earlier row of the batch created); with `skip`, every other row was skipped.
 */
export async function writeContactTally(sql: SqlTransaction, workspaceId: string, batch: ContactInput[], existing: ExistingContacts = 'update'): Promise<ContactTally> {
  if (batch.length === 0) return { created: 0, updated: 0, skipped: 0 };
  const update = existing === 'update';
  const params = upsertParams(workspaceId, update ? mergeByEmail(batch) : firstByEmail(batch));
  const write = update ? UPSERT_SQL : `${INSERT_SQL}\nON CONFLICT (workspace_id, email) DO NOTHING`;
  const [{ created }] = await sql.query<{ created: number }>(
    `WITH written AS (${write}${RETURNING}) SELECT count(*) FILTER (WHERE created)::int AS created FROM written`,
    update ? params : params.slice(0, INSERT_PARAMS),
  );
  return update ? { created, updated: batch.length - created, skipped: 0 } : { created, updated: 0, skipped: batch.length - created };
}
