import type { Prisma } from '@/lib/generated/prisma/client';
import type { ContactInput } from '@/lib/contacts/schema';

type Tx = Prisma.TransactionClient;

/**
 * Folds repeated emails into one input, later rows winning field by field (attributes key by key), which is what
 * applying the rows one after another would leave; one INSERT … ON CONFLICT may not touch a row twice.
 * The result is ordered by email.
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
  // Why: a fixed lock order, so two imports writing overlapping emails wait for each other instead of deadlocking.
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/**
 * One statement per batch, parameters as parallel arrays. A NULL means "this row did not say", so the existing value
 * stays; tags replace when given, attributes merge key by key. Opt-in is NOT NULL, so `$12` (emails that gave an
 * opt-in value) tells a given `false` from an absent one, as EXCLUDED cannot.
 */
const UPSERT_SQL = `
INSERT INTO contacts AS c (workspace_id, email, phone, first_name, last_name, time_zone, locale,
                           marketing_opt_in, opt_in_at, opt_in_source, tags, attributes)
SELECT $1::uuid, r.email, r.phone, r.first_name, r.last_name, r.time_zone, r.locale,
       coalesce(r.opt_in, false), CASE WHEN r.opt_in THEN now() END, r.opt_in_source,
       coalesce(ARRAY(SELECT jsonb_array_elements_text(r.tags::jsonb)), '{}'::text[]), coalesce(r.attributes::jsonb, '{}'::jsonb)
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[])
       AS r(email, phone, first_name, last_name, time_zone, locale, opt_in, opt_in_source, tags, attributes)
ON CONFLICT (workspace_id, email) DO UPDATE SET
  phone = coalesce(EXCLUDED.phone, c.phone),
  first_name = coalesce(EXCLUDED.first_name, c.first_name),
  last_name = coalesce(EXCLUDED.last_name, c.last_name),
  time_zone = coalesce(EXCLUDED.time_zone, c.time_zone),
  locale = coalesce(EXCLUDED.locale, c.locale),
  marketing_opt_in = CASE WHEN $12::jsonb ? EXCLUDED.email THEN EXCLUDED.marketing_opt_in ELSE c.marketing_opt_in END,
  opt_in_at = CASE WHEN $12::jsonb ? EXCLUDED.email AND EXCLUDED.marketing_opt_in AND NOT c.marketing_opt_in THEN now() ELSE c.opt_in_at END,
  opt_in_source = coalesce(EXCLUDED.opt_in_source, c.opt_in_source),
  tags = CASE WHEN cardinality(EXCLUDED.tags) > 0 THEN EXCLUDED.tags ELSE c.tags END,
  attributes = c.attributes || EXCLUDED.attributes,
  updated_at = now()`;

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

/** Creates or updates validated contacts by email in one set-based statement; returns how many rows it wrote. */
export async function upsertContactBatch(tx: Tx, workspaceId: string, batch: ContactInput[]): Promise<number> {
  const rows = mergeByEmail(batch);
  if (rows.length === 0) return 0;
  const column = <T>(pick: (r: ContactInput) => T | null | undefined) => rows.map((r) => orNull(pick(r)));
  // Attribute values of null mean "clear" in the API; a CSV cannot say that, so they are simply left out.
  const attributes = (r: ContactInput) => {
    const set = Object.entries(r.attributes ?? {}).filter(([, v]) => v !== null);
    return set.length ? JSON.stringify(Object.fromEntries(set)) : null;
  };
  const optInGiven = Object.fromEntries(rows.filter((r) => typeof r.marketingOptIn === 'boolean').map((r) => [r.email, true]));
  return tx.$executeRawUnsafe(
    UPSERT_SQL,
    workspaceId,
    column((r) => r.email),
    column((r) => r.phone),
    column((r) => r.firstName),
    column((r) => r.lastName),
    column((r) => r.timeZone),
    column((r) => r.locale),
    column((r) => r.marketingOptIn),
    column((r) => r.optInSource),
    column((r) => (r.tags?.length ? JSON.stringify(r.tags) : null)),
    rows.map(attributes),
    JSON.stringify(optInGiven),
  );
}

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  raw: string;
}

/** Raw lines are kept for the report, cut short so one monstrous row cannot bloat the table. */
const MAX_RAW_CHARS = 10_000;

/** Records rejected rows in one statement; a row already recorded (a retried batch) is left as it is. */
export async function insertRejects(tx: Tx, importId: string, rejects: RejectedRow[]): Promise<void> {
  if (rejects.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO contact_import_rejects (import_id, row_number, reason, raw)
     SELECT $1::uuid, r.row_number, r.reason, r.raw FROM unnest($2::int[], $3::text[], $4::text[]) AS r(row_number, reason, raw)
     ON CONFLICT (import_id, row_number) DO NOTHING`,
    importId,
    rejects.map((r) => r.rowNumber),
    rejects.map((r) => r.reason),
    rejects.map((r) => r.raw.slice(0, MAX_RAW_CHARS)),
  );
}
