import { Inngest } from 'inngest';
import { inngestDevRequested } from '@/lib/env';
import { libraryLogger } from '@/lib/log';

/**
 * The one Inngest client. It runs in cloud mode (every request to `/api/inngest` must carry Inngest's signature, or it
 * gets 401) unless INNGEST_DEV is set explicitly for a local Inngest dev server; the SDK then reads INNGEST_DEV itself.
 * Its log lines go through Herald's redaction, one line each.
 */
export const inngest = new Inngest({
  id: 'herald',
  logger: libraryLogger('inngest'),
  ...(inngestDevRequested() ? {} : { isDev: false }),
});
