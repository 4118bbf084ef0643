import { z } from 'zod';
import type { AttributeType } from '@/lib/generated/prisma/enums';

export type { AttributeType };

/** A workspace's declared custom attributes, key → type; segments and contact input are checked against it. */
export type AttributeTypes = Record<string, AttributeType>;

/** Attribute keys are plain snake_case identifiers so they read the same in CSV headers, templates and segments. */
export const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** A calendar day or an ISO instant, the two ways a date may be written in criteria and contact input. */
export const isoDateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Use a date like 2026-01-31 or an ISO date-time' });

/** The UTC calendar day of a date or instant, `YYYY-MM-DD`. */
export function utcDay(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date(value).toISOString().slice(0, 10);
}

/** Why: date attributes are stored as UTC days so segment comparisons are plain, cast-free text comparisons. */
const attributeValueSchemas: Record<AttributeType, z.ZodType> = {
  string: z.string().max(2000, 'At most 2,000 characters'),
  number: z.number({ error: 'Expected a number' }).refine(Number.isFinite, 'Expected a finite number'),
  boolean: z.boolean({ error: 'Expected true or false' }),
  date: isoDateOrInstant.transform((v) => utcDay(v)),
};

/** Built once per type: an import checks an attribute on every row, and building a zod schema costs more than using it. */
const nullableValueSchemas: Record<AttributeType, z.ZodType> = {
  string: attributeValueSchemas.string.nullable(),
  number: attributeValueSchemas.number.nullable(),
  boolean: attributeValueSchemas.boolean.nullable(),
  date: attributeValueSchemas.date.nullable(),
};

/** The schema one attribute value must satisfy; null clears the attribute. */
export function attributeValueSchema(type: AttributeType): z.ZodType {
  return nullableValueSchemas[type];
}
