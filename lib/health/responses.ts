/** Response schemas of the health routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';

/** Why a check is not ok, in words; absent when it is. */
const detail = z.string().optional();

/** GET /api/health: 200 when healthy, 503 (same shape) when a critical check fails; `reasons` lists every check that is not ok. */
export const healthResponse = z.object({
  ok: z.boolean(),
  degraded: z.boolean(),
  reasons: z.array(z.string()).optional(),
  checks: z.object({
    database: z.object({
      ok: z.boolean(),
      detail,
    }),
    configuration: z.object({
      ok: z.boolean(),
      mode: z.string(),
      detail,
    }),
    // A check that could not run at all answers only its verdict and why.
    jobs: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
      driver: z.string(),
      oldestDueJobSeconds: z.number().optional(),
      detail,
    }),
    clickhouse: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
      detail,
    }),
    analyticsOutbox: z.object({
      ok: z.boolean(),
      critical: z.boolean(),
      backlog: z.number().int().optional(),
      capped: z.boolean().optional(),
      oldestAgeSeconds: z.number().optional(),
      detail,
    }),
  }),
});
