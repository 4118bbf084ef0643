import { z } from 'zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** Every environment variable Herald reads, with its default; README's configuration table mirrors it. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  PGLITE_PATH: z.string().default('.data/pglite'),
  CLICKHOUSE_URL: optionalUrl(['http', 'https']),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier').default('herald'),
  CHDB_PATH: z.string().default('.data/chdb'),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  NEXTAUTH_URL: optionalUrl(['http', 'https']),
  APP_URL: optionalUrl(['http', 'https']),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().default('Herald <no-reply@herald.local>'),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().trim().min(1).optional(),
  HERALD_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** SNS topics whose SES notifications `/api/webhooks/ses` accepts, comma-separated. */
  SES_SNS_TOPIC_ARNS: z.string().trim().optional(),
  /** Twilio (calls, SMS, WhatsApp): the account, its token (which also signs every callback) and the numbers it sends from. */
  TWILIO_ACCOUNT_SID: z.string().trim().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  TWILIO_FROM_NUMBER: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550123').optional(),
  /** The WhatsApp sender (E.164, without the whatsapp: prefix); TWILIO_FROM_NUMBER when unset. */
  TWILIO_WHATSAPP_FROM: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550123').optional(),
  /** Where Twilio's REST API is (https://api.twilio.com); a local simulator's address in development and tests. */
  TWILIO_API_BASE: optionalUrl(['http', 'https']),
  /** Marks the provider as the local simulator, so the app labels calls and texts as simulated. */
  TWILIO_SIMULATED: flag,
  /** Requests per second per sending number (Twilio's defaults: 1 call and 1 message per second on a long code). */
  TWILIO_CALLS_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  TWILIO_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
  QR_LANDING_URL: optionalUrl(['http', 'https']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  STATS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HERALD_DISABLE_WORKER: flag,
  /** Resend messages found in flight after a crash (same Message-ID) instead of marking them uncertain. */
  DELIVERY_RESEND_UNCERTAIN: flag,
  /** Set by Vercel on every deployment (build and functions). */
  VERCEL: z.string().optional(),
  /** Run as on Vercel anywhere else: no embedded engines, no in-process worker. */
  HERALD_SERVERLESS: flag,
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses the environment once; a missing or malformed variable stops start-up with its name. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** On Vercel (or told so): no writable disk, no process that outlives a request. */
export function isServerless(e: Env = env()): boolean {
  return Boolean(e.VERCEL) || e.HERALD_SERVERLESS;
}

/**
 * What a serverless deployment lacks, one line a variable: the embedded engines need a disk of their own and the local
 * jobs worker a process that lives on, so both must be replaced by their managed services there.
 */
export function serverlessProblems(e: Env): string[] {
  const problems: string[] = [];
  if (!e.DATABASE_URL) problems.push('DATABASE_URL: a PostgreSQL connection string (embedded PGlite needs a disk of its own)');
  if (!e.CLICKHOUSE_URL) problems.push('CLICKHOUSE_URL: a ClickHouse server or ClickHouse Cloud URL (embedded chDB needs a disk of its own)');
  if (!e.NEXTAUTH_SECRET) problems.push('NEXTAUTH_SECRET: at least 16 random characters that sign sessions and links');
  if (!inngestDevRequested(e.INNGEST_DEV)) {
    if (!e.INNGEST_EVENT_KEY) problems.push('INNGEST_EVENT_KEY: jobs run on Inngest (set by the Inngest Vercel integration)');
    if (!e.INNGEST_SIGNING_KEY) problems.push('INNGEST_SIGNING_KEY: Inngest signs every call to /api/inngest with it (set by the Inngest Vercel integration)');
  }
  return problems;
}

/** Refuses a serverless deployment that would start broken, naming every missing variable at once. */
export function assertDeployable(e: Env = env()): void {
  if (!isServerless(e)) return;
  const problems = serverlessProblems(e);
  if (problems.length) {
    throw new Error(`Herald cannot run serverless without these variables:\n${problems.map((p) => `  ${p}`).join('\n')}\nSee "Deploy to Vercel" in the README and .env.example.`);
  }
}

/** For tests that change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** INNGEST_DEV set to anything but 0/false: the Inngest dev server, where requests are not signed. */
export function inngestDevRequested(value = process.env.INNGEST_DEV): boolean {
  return Boolean(value) && !['0', 'false'].includes(value!.trim().toLowerCase());
}

export function usesInngest(e: Env = env()): boolean {
  return Boolean(e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY || inngestDevRequested(e.INNGEST_DEV));
}
