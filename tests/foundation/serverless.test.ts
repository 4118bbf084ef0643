import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDeployable, envSchema, isServerless, serverlessProblems } from '@/lib/env';

const complete = {
  VERCEL: '1',
  DATABASE_URL: 'postgresql://u@db.example.com:5432/herald',
  CLICKHOUSE_URL: 'https://ch.example.com:8443',
  NEXTAUTH_SECRET: 'a-long-enough-secret-value',
  INNGEST_EVENT_KEY: 'evt',
  INNGEST_SIGNING_KEY: 'signkey-prod-abc',
};

describe('serverless start-up check', () => {
  it('applies on Vercel or when asked, never on one machine', () => {
    expect(isServerless(envSchema.parse({}))).toBe(false);
    expect(isServerless(envSchema.parse({ VERCEL: '1' }))).toBe(true);
    expect(isServerless(envSchema.parse({ HERALD_SERVERLESS: '1' }))).toBe(true);
    expect(() => assertDeployable(envSchema.parse({}))).not.toThrow();
  });

  it('names every missing variable in one message', () => {
    const e = envSchema.parse({ VERCEL: '1' });
    expect(serverlessProblems(e).map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'CLICKHOUSE_URL', 'NEXTAUTH_SECRET', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY']);
    expect(() => assertDeployable(e)).toThrow(/DATABASE_URL[\s\S]*CLICKHOUSE_URL[\s\S]*NEXTAUTH_SECRET[\s\S]*INNGEST_EVENT_KEY[\s\S]*INNGEST_SIGNING_KEY/);
    expect(() => assertDeployable(envSchema.parse(complete))).not.toThrow();
  });

  it('lets INNGEST_DEV stand in for the Inngest keys, but not INNGEST_DEV=0', () => {
    const withoutKeys = { ...complete, INNGEST_EVENT_KEY: '', INNGEST_SIGNING_KEY: '' };
    expect(serverlessProblems(envSchema.parse({ ...withoutKeys, INNGEST_DEV: '1' }))).toEqual([]);
    expect(serverlessProblems(envSchema.parse({ ...withoutKeys, INNGEST_DEV: '0' })).map((p) => p.split(':')[0])).toEqual(['INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY']);
  });

  it('stops the server process before it says Ready, and starts no worker', () => {
    const script = `import { boot } from ${JSON.stringify(path.resolve('lib/boot.ts'))}; await boot(); console.log('BOOTED');`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', VERCEL: '1', NODE_ENV: 'production' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('BOOTED');
    for (const name of ['DATABASE_URL', 'CLICKHOUSE_URL', 'NEXTAUTH_SECRET', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY']) expect(r.stderr).toContain(name);
  });
});
