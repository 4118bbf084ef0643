import type { z } from 'zod';
import type { AttributeType, AttributeTypes } from '@/lib/contacts/attribute-types';
import { contactInputSchema, type ContactInput } from '@/lib/contacts/schema';
import { BOOLEAN_FIELDS, CONTACT_FIELDS, type ColumnPlan } from '@/lib/imports/mapping';

/** Spreadsheet spellings of yes and no; anything else is passed on as text for the contact schema to refuse. */
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function asBoolean(cell: string): boolean | string {
  const word = cell.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
}

/** CSV cells are text: numbers and booleans are read from it here; validating them stays with the contact schema. */
export function typedCell(type: AttributeType, cell: string): unknown {
  if (type === 'number') return DECIMAL.test(cell) ? Number(cell) : cell;
  if (type === 'boolean') return asBoolean(cell);
  return cell;
}

/** A tags cell holds several tags, separated by commas, semicolons or pipes. */
export const splitTags = (cell: string) => cell.split(/[,;|]/).map((t) => t.trim());

/** A problem with one field, its path as contactInputSchema reports it (`['attributes', 'plan']`). */
interface Issue {
  path: PropertyKey[];
  message: string;
}

/** Why a record was refused, naming the CSV columns at fault: `E-mail: Enter a valid email address`. */
export function rejectReason(issues: readonly Issue[], plan: ColumnPlan[]): string {
  const headerOf = (path: PropertyKey[]) => {
    const [first, second] = path;
    const column = plan.find((c) =>
      c.kind === 'field' ? CONTACT_FIELDS[c.field] === first : c.kind === 'tags' ? first === 'tags' : first === 'attributes' && c.key === second,
    );
    return column?.header ?? String(first ?? 'row');
  };
  const reasons = issues.map((issue) => `${headerOf(issue.path)}: ${issue.message}`);
  return [...new Set(reasons)].join('; ');
}

/** A record whose field count differs from the header's usually means broken quoting; it is refused, not guessed. */
export function fieldCountProblem(record: string[], headerCount: number): string | null {
  return record.length === headerCount ? null : `Expected ${headerCount} fields like the header row, found ${record.length}`;
}

/** A field the contact schema refused, with its issues under the field's path as the object check puts them. */
class Refusal {
  constructor(readonly issues: Issue[]) {}
}

/** Most files repeat a handful of zones, consents, tags and plans: each distinct cell is checked once per import. */
const REMEMBERED_CELLS = 2000;

/** One field's check with the contact schema's own rule, remembering its answers by cell text where values repeat. */
class FieldCheck {
  private readonly seen = new Map<string, unknown>();

  constructor(
    private readonly schema: z.ZodType,
    private readonly path: PropertyKey[],
    private readonly remember: boolean,
  ) {}

  /** The answer for this cell text when it was checked before (and remembered). */
  known(text: string): unknown {
    return this.remember ? this.seen.get(text) : undefined;
  }

  /** The checked value, or a Refusal. */
  run(value: unknown, text: string): unknown {
    const parsed = this.schema.safeParse(value);
    // Frozen: a remembered tag list or attribute object is shared by every row with the same cells.
    const answer = !parsed.success
      ? new Refusal(parsed.error.issues.map((issue) => ({ path: [...this.path, ...issue.path], message: issue.message })))
      : typeof parsed.data === 'object' && parsed.data !== null
        ? Object.freeze(parsed.data)
        : parsed.data;
    if (this.remember && this.seen.size < REMEMBERED_CELLS) this.seen.set(text, answer);
    return answer;
  }
}

/** The contact fields whose values repeat across a file (worth remembering), unlike emails, names and numbers. */
const REPEATING: ReadonlySet<keyof ContactInput> = new Set(['timeZone', 'locale', 'marketingOptIn', 'smsOptIn', 'whatsappOptIn', 'callOptIn', 'optInSource']);

/** A mapped cell without the spaces around it; a short record's missing cells are empty. */
const cellOf = (record: string[], column: ColumnPlan) => (record[column.index] ?? '').trim();

/** Why not closures made per row: they cost more than the row's own checks. */
function take(contact: Record<string, unknown>, issues: Issue[], key: string, answer: unknown) {
  if (answer instanceof Refusal) issues.push(...answer.issues);
  else contact[key] = answer;
}

/** Several cells as one memo key that no other cells can spell: each is prefixed with its length. */
const remembered = (cell: string) => `${cell.length}:${cell}`;

/** The tags of a row's tag cells, in column order. */
const tagsOf = (cells: string[]) => cells.flatMap(splitTags);

/** The attributes a row's attribute cells set, typed, in column order. */
function attributesOf(record: string[], columns: (ColumnPlan & { kind: 'attribute' })[]) {
  const attributes: Record<string, unknown> = {};
  for (const column of columns) {
    const text = cellOf(record, column);
    if (text !== '') attributes[column.key] = typedCell(column.type, text);
  }
  return attributes;
}

export type RowReading = { ok: true; contact: ContactInput } | { ok: false; reason: string };

/**
 * Reads CSV records as contacts, with exactly what contactInputSchema says of the object a record stands for: empty
 * cells are left out (they keep what the contact already has), tag columns are joined into one list, attribute cells
 * are typed, and the import's opt-in source applies to rows that opt in without their own. Each field is checked on its
 * own with the schema's rule for it, in the schema's order, which is what the object check does (it has no rule across
 * fields); tests/imports/rows.test.ts holds the two side by side.
 */
export function contactRowReader(plan: ColumnPlan[], attributeTypes: AttributeTypes, optInSource: string | null): (record: string[]) => RowReading {
  const shape = contactInputSchema(attributeTypes).shape;
  const fieldKeys = Object.keys(shape) as (keyof ContactInput)[];
  const columnOf = (key: keyof ContactInput) => plan.find((c): c is ColumnPlan & { kind: 'field' } => c.kind === 'field' && CONTACT_FIELDS[c.field] === key);
  const fields = fieldKeys
    .filter((key) => key !== 'tags' && key !== 'attributes')
    .map((key) => ({
      key,
      column: columnOf(key),
      check: new FieldCheck(shape[key], [key], REPEATING.has(key)),
    }));
  const email = fields.find((f) => f.key === 'email')!;
  const tagColumns = plan.filter((c) => c.kind === 'tags');
  const attributeColumns = plan.filter((c): c is ColumnPlan & { kind: 'attribute' } => c.kind === 'attribute');
  const checkTags = new FieldCheck(shape.tags, ['tags'], true);
  const checkAttributes = new FieldCheck(shape.attributes, ['attributes'], true);
  const marketing = fields.find((f) => f.key === 'marketingOptIn')!.column;
  const sourceColumn = fields.find((f) => f.key === 'optInSource')!.column;

  return (record) => {
    const contact: Record<string, unknown> = {};
    const issues: Issue[] = [];
    for (const field of fields) {
      const text = field.column ? cellOf(record, field.column) : '';
      if (text !== '') {
        const value = BOOLEAN_FIELDS.has(field.column!.field) ? asBoolean(text) : text;
        take(contact, issues, field.key, field.check.known(text) ?? field.check.run(value, text));
      } else if (field === email) {
        take(contact, issues, 'email', field.check.run(undefined, ''));
      } else if (field.key === 'optInSource' && optInSource && marketing && asBoolean(cellOf(record, marketing)) === true && !(sourceColumn && cellOf(record, sourceColumn))) {
        take(contact, issues, 'optInSource', field.check.known(optInSource) ?? field.check.run(optInSource, optInSource));
      }
    }
    if (tagColumns.length > 0) {
      const cells: string[] = [];
      for (const column of tagColumns) {
        const text = cellOf(record, column);
        if (text !== '') cells.push(text);
      }
      if (cells.length > 0) {
        const text = cells.length === 1 ? cells[0] : cells.map(remembered).join('');
        take(contact, issues, 'tags', checkTags.known(text) ?? checkTags.run(tagsOf(cells), text));
      }
    }
    if (attributeColumns.length > 0) {
      let text = '';
      let any = false;
      for (const column of attributeColumns) {
        const cell = cellOf(record, column);
        any ||= cell !== '';
        text += remembered(cell);
      }
      if (any) {
        take(contact, issues, 'attributes', checkAttributes.known(text) ?? checkAttributes.run(attributesOf(record, attributeColumns), text));
      }
    }
    return issues.length === 0 ? { ok: true, contact: contact as ContactInput } : { ok: false, reason: rejectReason(issues, plan) };
  };
}
