import { z } from 'zod';
import { defineJob } from '@/lib/jobs/definition';
import { ImportFailure, failImport, runImport } from '@/lib/imports/run';

const IMPORT_RETRIES = 4;

/** Runs (or resumes) one contact import; a crash mid-file is retried and picks up after the last committed batch. */
export const importContactsJob = defineJob({
  id: 'contacts.import',
  schema: z.object({ importId: z.uuid() }),
  retries: IMPORT_RETRIES,
  concurrencyKey: (p) => `contacts.import:${p.importId}`,
  async handler({ importId }, ctx) {
    try {
      return { outcome: await ctx.step.run('import', () => runImport(importId)) };
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
