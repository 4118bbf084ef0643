import { assertDeployable, env, isServerless, usesInngest } from '@/lib/env';
import { logError } from '@/lib/log';

let booted = false;

/**
 * Server start-up: validate configuration (a serverless deployment without its managed services stops here, naming
 * what is missing), then start the local jobs worker unless Inngest runs the jobs or no process outlives a request.
 */
export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  let e;
  try {
    e = env();
    assertDeployable(e);
  } catch (err) {
    console.error(`\n[herald] ${(err as Error).message}\n`);
    process.exit(1);
  }
  // On a cold `next dev` the worker's module graph (the whole domain) takes seconds of compiling; it waits until the
  // first page has been compiled and served, so a newcomer sees the sign-in page sooner. Jobs simply start later.
  if (e.NODE_ENV === 'development') setTimeout(() => void startBackgroundWork(e), DEV_BACKGROUND_DELAY_MS).unref();
  else await startBackgroundWork(e);
}

const DEV_BACKGROUND_DELAY_MS = 8_000;

async function startBackgroundWork(e: ReturnType<typeof env>): Promise<void> {
  // ClickHouse migrations run on start; a failure is logged, and analytics retries on its next use.
  const { ensureClickHouse } = await import('@/lib/clickhouse');
  ensureClickHouse().catch((err) => logError(`[herald] ClickHouse is not ready: ${(err as Error).message}`));
  if (usesInngest(e) || isServerless(e) || e.HERALD_DISABLE_WORKER) return;
  const { startWorker } = await import('@/lib/jobs/worker');
  startWorker();
  console.log('[herald] jobs worker started (local queue in this process)');
}
