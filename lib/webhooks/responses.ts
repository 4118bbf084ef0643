/** Response schemas of the webhook routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';

/** POST /api/webhooks/*: 200, or 202 when some messages are unknown. */
export const webhookSummaryResponse = z.object({
  received: z.number().int(),
  recorded: z.number().int(),
  duplicates: z.number().int(),
  unknown: z.number().int(),
  ignored: z.number().int(),
});
