import type { ZodError } from 'zod';
import type { AttributeType } from '@/lib/contacts/attribute-types';
import { BOOLEAN_FIELDS, CONTACT_FIELDS, type ColumnPlan } from '@/lib/imports/mapping';

/** Spreadsheet spellings of yes and no; anything else is passed on as text for the contact schema to refuse. */
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function asBoolean(cell: string): boolean | string {
  const word = cell.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
}

/** CSV cells are text: numbers and booleans are read from it here; validating them stays with the contact schema. */
function typedCell(type: AttributeType, cell: string): unknown {
  if (type === 'number') return DECIMAL.test(cell) ? Number(cell) : cell;
  if (type === 'boolean') return asBoolean(cell);
  return cell;
}

/** A tags cell holds several tags, separated by commas, semicolons or pipes. */
const splitTags = (cell: string) => cell.split(/[,;|]/).map((t) => t.trim());

/**
 * One CSV record as contact input for contactInputSchema. Empty cells are left out, so they keep what the contact
 * already has instead of clearing it; the import's opt-in source applies to rows that opt in without their own.
 */
export function recordToInput(record: string[], plan: ColumnPlan[], optInSource: string | null): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const column of plan) {
    const cell = (record[column.index] ?? '').trim();
    if (cell === '') continue;
    if (column.kind === 'field') {
      input[CONTACT_FIELDS[column.field]] = BOOLEAN_FIELDS.has(column.field) ? asBoolean(cell) : cell;
    } else if (column.kind === 'tags') {
      input.tags = [...((input.tags as string[] | undefined) ?? []), ...splitTags(cell)];
    } else {
      ((input.attributes ??= {}) as Record<string, unknown>)[column.key] = typedCell(column.type, cell);
    }
  }
  if (optInSource && input.marketingOptIn === true && input.optInSource === undefined) input.optInSource = optInSource;
  return input;
}

/** Why a record was refused, naming the CSV columns at fault: `E-mail: Enter a valid email address`. */
export function rejectReason(error: ZodError, plan: ColumnPlan[]): string {
  const headerOf = (path: PropertyKey[]) => {
    const [first, second] = path;
    const column = plan.find((c) =>
      c.kind === 'field' ? CONTACT_FIELDS[c.field] === first : c.kind === 'tags' ? first === 'tags' : first === 'attributes' && c.key === second,
    );
    return column?.header ?? String(first ?? 'row');
  };
  const reasons = error.issues.map((issue) => `${headerOf(issue.path)}: ${issue.message}`);
  return [...new Set(reasons)].join('; ');
}

/** A record whose field count differs from the header's usually means broken quoting; it is refused, not guessed. */
export function fieldCountProblem(record: string[], headerCount: number): string | null {
  return record.length === headerCount ? null : `Expected ${headerCount} fields like the header row, found ${record.length}`;
}
