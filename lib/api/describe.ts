/**
 * Turns the JSON Schemas of the OpenAPI document into rows a person can read: one row per field, nested fields by
 * dotted path (`items[].segment.name`), with its type, whether it is required, and its limits.
 */
type Json = Record<string, unknown>;

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  notes: string;
}

const MAX_DEPTH = 4;

function resolve(schema: Json, components: Record<string, Json>): Json {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return components[ref.slice('#/components/schemas/'.length)] ?? {};
  return schema;
}

/** `string`, `integer | null`, `"draft" | "active"`, `array of object`, … */
export function typeOf(raw: Json, components: Record<string, Json>): string {
  const schema = resolve(raw, components);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(variants)) return [...new Set(variants.map((v) => typeOf(v, components)))].join(' | ');
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array') return `array of ${schema.items ? typeOf(schema.items as Json, components) : 'anything'}`;
  if (type === 'object' && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeOf(schema.additionalProperties as Json, components)}`;
  }
  if (typeof type === 'string') return type + (typeof schema.format === 'string' ? ` (${schema.format})` : '');
  return 'any';
}

function notesOf(schema: Json): string {
  const notes: string[] = [];
  const limits: [string, string][] = [['minimum', '≥'], ['maximum', '≤'], ['minLength', 'length ≥'], ['maxLength', 'length ≤'], ['minItems', 'items ≥'], ['maxItems', 'items ≤']];
  for (const [key, label] of limits) if (typeof schema[key] === 'number') notes.push(`${label} ${schema[key]}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (typeof schema.pattern === 'string' && schema.format === undefined) notes.push(`pattern ${schema.pattern}`);
  if (typeof schema.description === 'string') notes.push(schema.description);
  return notes.join('; ');
}

/** A parameter's (or any single schema's) type and limits, as the field tables show them. */
export const describeSchema = (schema: Json, components: Record<string, Json>) => ({ type: typeOf(schema, components), notes: notesOf(resolve(schema, components)) });

/** The object (or array of objects) inside a schema, through `null` alternatives and arrays. */
function container(schema: Json, components: Record<string, Json>): { object?: Json; suffix: string } {
  const s = resolve(schema, components);
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(variants)) {
    const objects = variants.map((v) => resolve(v, components)).filter((v) => v.type !== 'null');
    if (objects.length === 1) return container(objects[0]!, components);
    return { suffix: '' };
  }
  if (s.type === 'array' && s.items) {
    const inner = container(s.items as Json, components);
    return { object: inner.object, suffix: `[]${inner.suffix}` };
  }
  if (s.properties) return { object: s, suffix: '' };
  return { suffix: '' };
}

/** One row per field of an object schema, nested fields included. */
export function fieldRows(schema: Json, components: Record<string, Json>, prefix = '', depth = 0): FieldRow[] {
  const { object, suffix } = container(schema, components);
  if (!object) return prefix ? [] : [{ path: '(body)', type: typeOf(schema, components), required: true, notes: notesOf(resolve(schema, components)) }];
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties ?? {}) as Record<string, Json>).flatMap(([name, raw]) => {
    const field = resolve(raw, components);
    const path = `${prefix || suffix ? `${prefix}${suffix}.` : ''}${name}`;
    const row: FieldRow = { path, type: typeOf(field, components), required: required.has(name), notes: notesOf(field) };
    return depth < MAX_DEPTH ? [row, ...fieldRows(field, components, path, depth + 1)] : [row];
  });
}
