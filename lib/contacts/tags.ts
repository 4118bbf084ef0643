import { z } from 'zod';

/** Tags are case-insensitive labels: stored and matched trimmed and lower-case. */
export const tagSchema = z.string({ error: 'Enter a tag' }).trim().toLowerCase().min(1, 'Enter a tag').max(100, 'At most 100 characters');

/** A contact's tag list, de-duplicated so containment checks stay exact. */
export const tagListSchema = z
  .array(tagSchema)
  .max(100, 'At most 100 tags')
  .transform((tags) => [...new Set(tags)]);
