import { z } from 'zod';
import { defineCron, defineJob } from '@/lib/jobs/definition';
import { buildContactCopy } from '@/lib/segments/columnar/build';
import { pruneContactChanges } from '@/lib/segments/columnar/freshness';

/** Builds a fresh columnar copy of one workspace's contacts; builds of one workspace run one at a time. */
export const buildContactCopyJob = defineJob({
  id: 'segments.copy-contacts',
  schema: z.object({ workspaceId: z.uuid() }),
  retries: 2,
  concurrencyKey: (p) => `segments.copy-contacts:${p.workspaceId}`,
  handler: async ({ workspaceId }, { step }) => {
    const built = await step.run('build', async () => {
      const { generation, contacts, recorded } = await buildContactCopy(workspaceId);
      return { generation: generation.toString(), contacts, recorded };
    });
    return built;
  },
});

/** Forgets contact changes no current copy depends on, and drops copies stale for a day. */
export const pruneContactChangesCron = defineCron({
  id: 'segments.prune-contact-changes',
  cron: '41 * * * *',
  handler: ({ step }) => step.run('prune', () => pruneContactChanges()),
});
