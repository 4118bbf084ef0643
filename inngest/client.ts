import { Inngest } from 'inngest';

const hasCloudKeys = Boolean(process.env.INNGEST_EVENT_KEY || process.env.INNGEST_SIGNING_KEY);

/**
 * The one Inngest client. With INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY it talks to Inngest Cloud; otherwise it is
 * in dev mode, so `/api/inngest` still answers introspection while the local driver runs the jobs.
 */
export const inngest = new Inngest({ id: 'herald', ...(hasCloudKeys ? {} : { isDev: true }) });
