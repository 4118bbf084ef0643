import { db } from '@/lib/db';
import { jobsDriver } from '@/lib/jobs';

export interface HealthCheck {
  ok: boolean;
  detail?: string;
  [key: string]: unknown;
}

/** The database answers and the jobs driver is known; later parts add their own checks here. */
export async function healthStatus(): Promise<{ ok: boolean; checks: Record<string, HealthCheck> }> {
  const checks: Record<string, HealthCheck> = {};
  try {
    await db.$queryRaw`SELECT 1`;
    checks.database = { ok: true };
  } catch (err) {
    checks.database = { ok: false, detail: (err as Error).message };
  }
  checks.jobs = { ok: true, driver: jobsDriver().name };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
