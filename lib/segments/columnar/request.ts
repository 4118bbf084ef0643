import { triggerJob } from '@/lib/jobs';
import { logError } from '@/lib/log';
import { claimCopyBuild } from '@/lib/segments/columnar/freshness';
import { buildContactCopyJob } from '@/lib/segments/columnar/jobs';

/** A PostgreSQL count slower than this is worth a columnar copy of the workspace's contacts. */
export const COPY_WORTH_MS = 150;

/** Starts a build of the workspace's copy unless one was asked for recently; a failure here never fails the count. */
export async function requestContactCopy(workspaceId: string): Promise<void> {
  try {
    if (await claimCopyBuild(workspaceId)) await triggerJob(buildContactCopyJob, { workspaceId });
  } catch (err) {
    logError('Could not ask for a copy of the contacts for segment counts:', err);
  }
}
