import type { Prisma } from '@/lib/generated/prisma/client';
import type { ContactInput } from '@/lib/contacts/schema';

/** The client or a transaction: both can run the raw statement. */
type SqlClient = Pick<Prisma.TransactionClient, '$queryRawUnsafe'>;

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
} as const satisfies Partial<Record<keyof ContactInput, string>>;

type OptionalField = keyof typeof OPTIONAL_COLUMNS;
const optionalFields = Object.keys(OPTIONAL_COLUMNS) as OptionalField[];

/** `$3` maps each email to the columns it sent and the attributes it cleared, since EXCLUDED cannot say. */
const sent = (column: string) => `(($3::jsonb -> EXCLUDED.email -> 'fields') @> '["${column}"]'::jsonb)`;
const keepUnlessSent = (column: string) => `${column} = CASE WHEN ${sent(column)} THEN EXCLUDED.${column} ELSE c.${column} END`;

const UPSERT_SQL = `
INSERT INTO contacts AS c (workspace_id, email, phone, first_name, last_name, time_zone, locale, marketing_opt_in, opt_in_at, opt_in_source, tags, attributes)
SELECT $1::uuid, i.email, i.phone, i.first_name, i.last_name, i.time_zone, i.locale, coalesce(i.marketing_opt_in, false),
       CASE WHEN i.marketing_opt_in THEN now() END, i.opt_in_source, coalesce(i.tags, '{}'::text[]), coalesce(i.attributes, '{}'::jsonb)
  FROM jsonb_to_recordset($2::jsonb) AS i(email text, phone text, first_name text, last_name text, time_zone text, locale text,
                                         marketing_opt_in boolean, opt_in_source text, tags text[], attributes jsonb)
ON CONFLICT (workspace_id, email) DO UPDATE SET
  ${Object.values(OPTIONAL_COLUMNS).map(keepUnlessSent).join(',\n  ')},
  opt_in_at = CASE WHEN ${sent('marketing_opt_in')} AND EXCLUDED.marketing_opt_in AND NOT c.marketing_opt_in THEN now() ELSE c.opt_in_at END,
  attributes = (c.attributes || EXCLUDED.attributes) - ARRAY(SELECT jsonb_array_elements_text($3::jsonb -> EXCLUDED.email -> 'unset')),
  updated_at = now()
RETURNING c.id::text AS id, c.email, (c.xmax = 0) AS created`;

/**
 * Creates or updates validated contacts by email in one INSERT … ON CONFLICT and says which were created.
 * Emails must be unique within the batch (one statement may not touch a row twice). Works inside a transaction.
 */
export async function writeContacts(client: SqlClient, workspaceId: string, batch: ContactInput[]) {
  // Why: a fixed lock order, so two batches with overlapping emails wait for each other instead of deadlocking.
  const inputs = [...batch].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  if (inputs.length === 0) return [];
  const rows = inputs.map((input) => {
    const row: Record<string, unknown> = { email: input.email, attributes: Object.fromEntries(Object.entries(input.attributes ?? {}).filter(([, v]) => v !== null)) };
    for (const field of optionalFields) if (input[field] !== undefined) row[OPTIONAL_COLUMNS[field]] = input[field];
    return row;
  });
  const changes = Object.fromEntries(
    inputs.map((input) => [
      input.email,
      {
        fields: optionalFields.filter((f) => input[f] !== undefined).map((f) => OPTIONAL_COLUMNS[f]),
        unset: Object.entries(input.attributes ?? {}).filter(([, v]) => v === null).map(([k]) => k),
      },
    ]),
  );
  return client.$queryRawUnsafe<{ id: string; email: string; created: boolean }[]>(UPSERT_SQL, workspaceId, JSON.stringify(rows), JSON.stringify(changes));
}

