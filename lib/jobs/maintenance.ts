import { db } from '@/lib/db';
import { defineCron } from '@/lib/jobs/definition';

const DAY_MS = 24 * 3600 * 1000;

/** Keeps the local queue small: finished jobs older than a week go. */
export const pruneFinishedJobs = defineCron({
  id: 'jobs.prune-finished',
  cron: '17 * * * *',
  handler: ({ step }) =>
    step.run('prune', async () => {
      const { count } = await db.job.deleteMany({
        where: { status: { in: ['completed', 'failed', 'cancelled'] }, finishedAt: { lt: new Date(Date.now() - 7 * DAY_MS) } },
      });
      return { deleted: count };
    }),
});
