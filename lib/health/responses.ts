/** Response schemas of the health routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';

/** GET /api/health: 200 when healthy, 503 (same shape) when a critical check fails. */
export const healthResponse = z.object({
  ok: z.boolean(),
  degraded: z.boolean(),
  checks: z.object({
    database: z.object({
      ok: z.boolean(),
    }),
    configuration: z.object({
      ok: z.boolean(),
      mode: z.string(),
    }),
    jobs: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
      driver: z.string(),
      oldestDueJobSeconds: z.number(),
    }),
    clickhouse: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
    }),
    analyticsOutbox: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
      backlog: z.number().int(),
      capped: z.boolean(),
      oldestAgeSeconds: z.number(),
    }),
  }),
});
