/**
 * What the production-server journeys (`*.journey.ts`) share: a database of their own set up the way a new deployment
 * is (`prisma migrate deploy`, then `workspace:create`), a server's health, signing in as the owner, and the API calls
 * that make a one-email campaign.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface Owner {
  email: string;
  name: string;
  password: string;
}

export async function sql<T extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a command to completion, failing with its output when it does not exit 0. */
export function runOrFail(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Settings of the test process that would steer the server away from what a journey sets up itself. */
const INHERITED_SETTINGS = ['PGLITE_PATH', 'CHDB_PATH', 'CLICKHOUSE_URL', 'REDIS_URL', 'INNGEST_DEV', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY', 'HERALD_DISABLE_WORKER', 'SMTP_URL', 'HERALD_SERVERLESS', 'VERCEL', 'DELIVERY_RESEND_UNCERTAIN'];

/**
 * A fresh database on `server`, migrated the way `npm run vercel-build` migrates a preview's, with its first workspace
 * and owner made as the README tells a new deployment to. `env` is the environment to start the server from.
 */
export async function deploymentDatabase(server: string, prefix: string, workspace: { name: string; slug: string }, owner: Owner) {
  const name = `${prefix}_${Date.now().toString(36)}`;
  await sql(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url.toString() };
  for (const setting of INHERITED_SETTINGS) delete env[setting];
  runOrFail('npx', ['prisma', 'migrate', 'deploy'], env);
  runOrFail('npx', ['tsx', 'scripts/create-workspace.ts', '--name', workspace.name, '--slug', workspace.slug, '--email', owner.email, '--owner', owner.name], {
    ...env,
    HERALD_OWNER_PASSWORD: owner.password,
  });
  return { url: url.toString(), env, drop: () => sql(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Waits for `/api/health` to answer 200, failing early (with the server's log) if the server exits first. */
export async function waitForHealth(base: string, app: ChildProcess | undefined, log: () => string, timeoutMs: number): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (app?.exitCode != null) throw new Error(`the app exited (${app.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`no healthy answer within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A JSON call with the session's cookies and the Origin header cookie-authenticated mutations need. */
export async function send<T>(request: APIRequestContext, base: string, url: string, data: unknown, method: 'post' | 'put' = 'post'): Promise<T> {
  const res = await request[method](`${base}${url}`, { data, headers: { origin: base } });
  expect(res.ok(), `${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

export async function signInAs(page: Page, base: string, owner: Owner) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

/** A segment of every contact at `domain`, one email template, a one-step flow and a draft campaign that starts today. */
export async function oneEmailCampaign(request: APIRequestContext, base: string, o: { domain: string; label: string; subject: string }) {
  const segment = await send<{ id: string }>(request, base, '/api/segments', {
    name: `${o.label} readers`,
    criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'email', operator: 'ends_with', value: `@${o.domain}` }] },
  });
  const template = await send<{ id: string }>(request, base, '/api/templates', {
    name: `${o.label} hello`,
    subject: o.subject,
    htmlBody: '<html><body><p>Hi {{ first_name }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>',
  });
  const { flow } = await send<{ flow: { id: string } }>(request, base, '/api/flows', { name: 'One hello', steps: [{ type: 'SEND_EMAIL', templateId: template.id }] });
  const { campaign } = await send<{ campaign: { id: string } }>(request, base, '/api/campaigns', {
    name: `${o.label} launch`,
    segmentId: segment.id,
    flowId: flow.id,
    startDate: new Date().toISOString().slice(0, 10),
    startTimeOfDay: '00:00',
    timeZone: 'UTC',
  });
  return campaign;
}
