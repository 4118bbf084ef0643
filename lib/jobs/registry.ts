import type { CronDefinition, JobDefinition } from '@/lib/jobs/definition';
import { pruneFinishedJobs } from '@/lib/jobs/maintenance';
import { flushAnalyticsOutbox, pruneAnalyticsOutbox } from '@/lib/analytics/jobs';
import { dispatchCampaignJob, dispatchDueCron } from '@/lib/delivery/jobs';
import { importContactsJob } from '@/lib/imports/job';
import { pruneAbandonedUploadsCron } from '@/lib/imports/prune';
import { compactRecipientTalliesCron } from '@/lib/campaigns/tallies';
import { buildContactCopyJob, pruneContactChangesCron } from '@/lib/segments/columnar/jobs';

/** Every job and periodic task Herald runs; both drivers read this list. */
export const jobs: JobDefinition[] = [importContactsJob, dispatchCampaignJob, buildContactCopyJob];

export const crons: CronDefinition[] = [pruneFinishedJobs, flushAnalyticsOutbox, pruneAnalyticsOutbox, dispatchDueCron, pruneAbandonedUploadsCron, compactRecipientTalliesCron, pruneContactChangesCron];

export function findJob(id: string): JobDefinition | undefined {
  return jobs.find((j) => j.id === id);
}
