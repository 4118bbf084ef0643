import type { Prisma } from '@/lib/generated/prisma/client';
import type { ContactInput } from '@/lib/contacts/schema';
import type { SqlTransaction } from '@/lib/db';
import { copyField } from '@/lib/db/copy-text';

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
 * On conflict, `$masks` maps each email to the bit mask of the fields it sent and the parameter after it to the
 * attributes it cleared, since EXCLUDED cannot say "absent" apart from "null". Both are read only on conflict, so a
 * plain insert never looks them up.
 */
const sent = (field: OptionalField, masks: number) => `((($${masks}::jsonb ->> EXCLUDED.email)::int & ${bitOf(field)}) <> 0)`;
const keepUnlessSent = (field: OptionalField, masks: number) => {
  const column = OPTIONAL_COLUMNS[field];
  return `${column} = CASE WHEN ${sent(field, masks)} THEN EXCLUDED.${column} ELSE c.${column} END`;
};

/** A PostgreSQL text[] literal: every element quoted, its backslashes and double quotes escaped. */
const textArrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/** A batch's value of one column for a row: the row, and its attributes to set as JSON text (see sentFields). */
type RowValue = (row: ContactInput, attributes: string | null) => string | boolean | null | undefined;

/**
 * The columns of one input row, in the order of the unnest arrays and of the staging table: each with its type as a
 * parameter (`param[]`) and as a staged column, and its value. Tags travel as an array literal and attributes as JSON
 * text, because unnest would flatten a two-dimensional array.
 */
const ROW_COLUMNS: readonly { name: string; param: 'text' | 'boolean'; staged: string; value: RowValue }[] = [
  { name: 'email', param: 'text', staged: 'text', value: (r) => r.email },
  { name: 'phone', param: 'text', staged: 'text', value: (r) => r.phone },
  { name: 'first_name', param: 'text', staged: 'text', value: (r) => r.firstName },
  { name: 'last_name', param: 'text', staged: 'text', value: (r) => r.lastName },
  { name: 'time_zone', param: 'text', staged: 'text', value: (r) => r.timeZone },
  { name: 'locale', param: 'text', staged: 'text', value: (r) => r.locale },
  { name: 'opt_in', param: 'boolean', staged: 'boolean', value: (r) => r.marketingOptIn },
  { name: 'opt_in_source', param: 'text', staged: 'text', value: (r) => r.optInSource },
  { name: 'tags', param: 'text', staged: 'text[]', value: (r) => r.tags && textArrayLiteral(r.tags) },
  { name: 'attributes', param: 'text', staged: 'jsonb', value: (_, attributes) => attributes },
  { name: 'sms', param: 'boolean', staged: 'boolean', value: (r) => r.smsOptIn },
  { name: 'whatsapp', param: 'boolean', staged: 'boolean', value: (r) => r.whatsappOptIn },
  { name: 'call', param: 'boolean', staged: 'boolean', value: (r) => r.callOptIn },
];

const ROW_FIELDS = ROW_COLUMNS.map((c) => c.name).join(', ');

/**
 * A batch as parameters (`$2`…): values as parallel arrays (unnest is about twice as fast as jsonb_to_recordset here).
 * Why a literal for tags, not JSON: casting text to text[] is one call, where expanding JSON was a subquery per row.
 */
const UNNEST_ROWS = `unnest(${ROW_COLUMNS.map((c, i) => `$${i + 2}::${c.param}[]`).join(', ')})
       AS r(${ROW_FIELDS})`;

/**
 * A batch copied in (`COPY … FROM STDIN`): the import's path on the PostgreSQL driver, where building and reading
 * thirteen array parameters cost Node about 0.35 s of CPU per 100k rows more than one COPY text. The table belongs to
 * the session and is emptied at each commit, so it is created once per connection and never seen by another.
 */
const STAGING_TABLE = `CREATE TEMP TABLE IF NOT EXISTS staged_contacts (${ROW_COLUMNS.map((c) => `${c.name} ${c.staged}`).join(', ')})
  ON COMMIT DELETE ROWS`;

/** The insert of one batch from `rows` (either source above), the workspace as `$1`. */
const insertFrom = (rows: string) => `
INSERT INTO contacts AS c (workspace_id, email, phone, first_name, last_name, time_zone, locale,
                           marketing_opt_in, opt_in_at, opt_in_source, tags, attributes, sms_opt_in, whatsapp_opt_in, call_opt_in)
SELECT $1::uuid, r.email, r.phone, r.first_name, r.last_name, r.time_zone, r.locale,
       coalesce(r.opt_in, false), CASE WHEN r.opt_in THEN now() END, r.opt_in_source,
       coalesce(r.tags::text[], '{}'::text[]), coalesce(r.attributes::jsonb, '{}'::jsonb),
       coalesce(r.sms, false), coalesce(r.whatsapp, false), coalesce(r.call, false)
  FROM ${rows}`;

/** An existing contact takes the fields its row sent; `masks` numbers the parameter of the "sent" masks. */
const updateOnConflict = (masks: number) => `
ON CONFLICT (workspace_id, email) DO UPDATE SET
  ${optionalFields.map((field) => keepUnlessSent(field, masks)).join(',\n  ')},
  opt_in_at = CASE WHEN ${sent('marketingOptIn', masks)} AND EXCLUDED.marketing_opt_in AND NOT c.marketing_opt_in THEN now() ELSE c.opt_in_at END,
  attributes = (c.attributes || EXCLUDED.attributes) - coalesce(ARRAY(SELECT jsonb_array_elements_text($${masks + 1}::jsonb -> EXCLUDED.email)), '{}'::text[]),
  updated_at = now()`;

const SKIP_ON_CONFLICT = '\nON CONFLICT (workspace_id, email) DO NOTHING';

/** Parameters the unnest insert alone uses; its update clause adds the "sent" masks after them. */
const UNNEST_PARAMS = ROW_COLUMNS.length + 1;

/** The import's statement: the batch written, and how many of its rows created a contact (no ids or emails come back). */
const tally = (write: string, before = '') =>
  `WITH ${before}written AS (${write}\nRETURNING (c.xmax = 0) AS created) SELECT count(*) FILTER (WHERE created)::int AS created FROM written`;

/**
 * Staged rows are read once: the statement takes them out, so a second batch in the same transaction starts from none.
 * They come out in the order they were copied in (a temporary table is only ever scanned from its start), so the
 * batch still takes its row locks in email order.
 */
const TAKE_STAGED = `staged AS (DELETE FROM staged_contacts RETURNING ${ROW_FIELDS}), `;

const TALLY = {
  unnest: { update: tally(insertFrom(UNNEST_ROWS) + updateOnConflict(UNNEST_PARAMS + 1)), skip: tally(insertFrom(UNNEST_ROWS) + SKIP_ON_CONFLICT) },
  staged: {
    update: tally(insertFrom('staged AS r') + updateOnConflict(2), TAKE_STAGED),
    skip: tally(insertFrom('staged AS r') + SKIP_ON_CONFLICT, TAKE_STAGED),
  },
};

const UPSERT = `${insertFrom(UNNEST_ROWS)}${updateOnConflict(UNNEST_PARAMS + 1)}
RETURNING c.id::text AS id, c.email, (c.xmax = 0) AS created`;

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

/**
 * What a batch already merged by email sends besides its values: per row, the attributes it sets (JSON text, or null);
 * per email, the mask of the optional fields it sent and the attributes it clears (JSON objects, read on conflict).
 */
function sentFields(rows: ContactInput[]) {
  // Why JSON text is written by hand: an object keyed by 5,000 emails made V8 intern every email, which cost more
  // than the rest of this loop. Rows are merged by email, so no key repeats.
  let masks = '';
  let unset = '';
  const attributes: (string | null)[] = [];
  for (const r of rows) {
    let mask = 0;
    for (let i = 0; i < optionalFields.length; i++) if (r[optionalFields[i]] !== undefined) mask |= 1 << i;
    const key = JSON.stringify(r.email);
    masks += `${masks ? ',' : ''}${key}:${mask}`;
    let set: Record<string, unknown> | null = null;
    let cleared: string[] | null = null;
    for (const name in r.attributes) {
      const value = r.attributes[name];
      if (value === null) (cleared ??= []).push(name);
      else (set ??= {})[name] = value;
    }
    if (cleared) unset += `${unset ? ',' : ''}${key}:${JSON.stringify(cleared)}`;
    attributes.push(set ? JSON.stringify(set) : null);
  }
  return { attributes, masks: `{${masks}}`, unset: `{${unset}}` };
}

/** The unnest arrays of a batch (`$2`…), one per row column. */
function unnestArrays(rows: ContactInput[], attributes: (string | null)[]): unknown[] {
  return ROW_COLUMNS.map(({ value }) => rows.map((r, i) => value(r, attributes[i]) ?? null));
}

/** The same batch as COPY text for `staged_contacts`, one line per row in the order of the batch. */
function stagedText(rows: ContactInput[], attributes: (string | null)[]): string {
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    for (let c = 0; c < ROW_COLUMNS.length; c++) text += (c ? '\t' : '') + copyField(ROW_COLUMNS[c].value(rows[i], attributes[i]));
    text += '\n';
  }
  return text;
}

/**
 * Creates or updates validated contacts by email in one set-based INSERT … ON CONFLICT and says which were created.
 * A field left out keeps the stored value, null clears it, tags replace, attributes merge key by key (null clears a
 * key). Repeated emails are folded first. Works inside a transaction.
 */
export async function writeContacts(client: SqlClient, workspaceId: string, batch: ContactInput[]) {
  const rows = mergeByEmail(batch);
  if (rows.length === 0) return [];
  const { attributes, masks, unset } = sentFields(rows);
  return client.$queryRawUnsafe<{ id: string; email: string; created: boolean }[]>(
    UPSERT,
    workspaceId,
    ...unnestArrays(rows, attributes),
    masks,
    unset,
  );
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
 * an earlier row of the batch created); with `skip`, every other row was skipped. The batch is copied into the
 * staging table where the transaction can COPY, and sent as parameters where it cannot; the insert is the same.
 */
export async function writeContactTally(sql: SqlTransaction, workspaceId: string, batch: ContactInput[], existing: ExistingContacts = 'update'): Promise<ContactTally> {
  if (batch.length === 0) return { created: 0, updated: 0, skipped: 0 };
  const update = existing === 'update';
  const rows = update ? mergeByEmail(batch) : firstByEmail(batch);
  const { attributes, masks, unset } = sentFields(rows);
  let statement: string;
  let params: unknown[];
  if (sql.copyIn) {
    await sql.query(STAGING_TABLE);
    await sql.copyIn('COPY staged_contacts FROM STDIN', stagedText(rows, attributes));
    statement = TALLY.staged[existing];
    params = update ? [workspaceId, masks, unset] : [workspaceId];
  } else {
    statement = TALLY.unnest[existing];
    params = [workspaceId, ...unnestArrays(rows, attributes), ...(update ? [masks, unset] : [])];
  }
  const [{ created }] = await sql.query<{ created: number }>(statement, params);
  return update ? { created, updated: batch.length - created, skipped: 0 } : { created, updated: 0, skipped: batch.length - created };
}
