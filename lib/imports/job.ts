import { z } from 'zod';
import { defineJob } from '@/lib/jobs/definition';
import { ImportFailure, failImport, runImport } from '@/lib/imports/run';

const IMPORT_RETRIES = 4;
/** One step imports for this long at most, well inside a serverless function's time limit; the next step resumes. */
export const IMPORT_STEP_BUDGET_MS = 20_000;
/** Steps per run (Inngest allows 1,000): 20 s each is hours of importing. */
const MAX_IMPORT_STEPS = 900;

/**
 * Runs (or resumes) one contact import in steps of at most IMPORT_STEP_BUDGET_MS; a crash mid-file is retried and picks
 * up after the last committed batch.
 */
export const importContactsJob = defineJob({
  id: 'contacts.import',
  schema: z.object({ importId: z.uuid() }),
  retries: IMPORT_RETRIES,
  concurrencyKey: (p) => `contacts.import:${p.importId}`,
  async handler({ importId }, ctx) {
    try {
      for (let i = 0; i < MAX_IMPORT_STEPS; i++) {
        const outcome = await ctx.step.run(`import-${i}`, () => runImport(importId, { maxMs: IMPORT_STEP_BUDGET_MS }));
        if (outcome !== 'budget') return { outcome };
      }
      throw new ImportFailure('The import ran longer than its job allows; the rows counted so far were imported or reported.');
    } catch (err) {
      if (err instanceof ImportFailure) {
        await failImport(importId, err.message);
        return { outcome: 'failed', error: err.message };
      }
      // The local driver counts attempts from 1: after the last one the import says it failed instead of staying "running".
      if (ctx.attempt > IMPORT_RETRIES) await failImport(importId, 'The import stopped unexpectedly; the rows counted so far were imported or reported.');
      throw err;
    }
  },
});
