import { describe, expect, it } from 'vitest';
import { envSchema } from '@/lib/env';

describe('environment validation', () => {
  it('accepts an empty environment with embedded defaults', () => {
    const e = envSchema.parse({});
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.PGLITE_PATH).toBe('.data/pglite');
    expect(e.CHDB_PATH).toBe('.data/chdb');
    expect(e.STATS_CACHE_TTL_SECONDS).toBe(60);
  });

  it('names each malformed variable', () => {
    const r = envSchema.safeParse({ DATABASE_URL: 'mysql://x', CLICKHOUSE_URL: 'ftp://y', REDIS_URL: 'nope', STATS_CACHE_TTL_SECONDS: 'abc' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['DATABASE_URL', 'CLICKHOUSE_URL', 'REDIS_URL', 'STATS_CACHE_TTL_SECONDS']));
  });

  it('accepts real URLs', () => {
    const e = envSchema.parse({ DATABASE_URL: 'postgresql://u@h:5432/d', CLICKHOUSE_URL: 'https://ch.example.com:8443', SMTP_URL: 'smtp://localhost:2525' });
    expect(e.CLICKHOUSE_URL).toBe('https://ch.example.com:8443');
  });
});
