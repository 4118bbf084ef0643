/**
 * The campaign stats cache (seed 004): one Redis hash per campaign, `campaign_stats:{campaignId}`, one field per
 * parameter combination, kept STATS_CACHE_TTL_SECONDS; in process memory when REDIS_URL is unset. Each entry
 * carries its write time, so a field is never served older than the TTL even when a later write extended the
 * hash's expiry. Redis trouble is a miss, never an error: the caller computes a fresh answer.
 */
import { env } from '@/lib/env';
import { getRedis, redisFailed } from '@/lib/redis';

export const statsCacheKey = (campaignId: string) => `campaign_stats:${campaignId}`;

interface Entry<T> {
  storedAt: number;
  value: T;
}

const MAX_MEMORY_KEYS = 1_000;
/**
 * One map per process, on globalThis: Next.js bundles route handlers and server actions as separate module graphs, so a
 * module-level map would let an action's invalidation miss the copy the stats route reads.
 */
const memory: Map<string, Map<string, Entry<unknown>>> = ((globalThis as { __heraldStatsCache?: Map<string, Map<string, Entry<unknown>>> }).__heraldStatsCache ??= new Map());

const ttlMs = () => env().STATS_CACHE_TTL_SECONDS * 1000;
const fresh = (e: Entry<unknown> | undefined, now: number) => e !== undefined && now - e.storedAt < ttlMs();

export async function cacheGet<T>(campaignId: string, field: string, now = Date.now()): Promise<T | null> {
  const redis = await getRedis();
  if (!redis) {
    if (env().REDIS_URL) return null; // configured but down: no stale answers from a local copy
    const e = memory.get(statsCacheKey(campaignId))?.get(field);
    return fresh(e, now) ? (e!.value as T) : null;
  }
  try {
    const raw = await redis.hget(statsCacheKey(campaignId), field);
    const e = raw ? (JSON.parse(raw) as Entry<T>) : undefined;
    return fresh(e, now) ? e!.value : null;
  } catch {
    redisFailed();
    return null;
  }
}

export async function cacheSet<T>(campaignId: string, field: string, value: T, now = Date.now()): Promise<void> {
  const entry: Entry<T> = { storedAt: now, value };
  const redis = await getRedis();
  if (!redis) {
    if (env().REDIS_URL) return;
    const key = statsCacheKey(campaignId);
    if (!memory.has(key) && memory.size >= MAX_MEMORY_KEYS) memory.delete(memory.keys().next().value!);
    (memory.get(key) ?? memory.set(key, new Map()).get(key)!).set(field, entry);
    return;
  }
  try {
    await redis.multi().hset(statsCacheKey(campaignId), field, JSON.stringify(entry)).pexpire(statsCacheKey(campaignId), ttlMs()).exec();
  } catch {
    redisFailed();
  }
}

/** Drops every cached answer of a campaign; false when Redis is configured but could not be reached. */
export async function cacheInvalidate(campaignId: string): Promise<boolean> {
  memory.delete(statsCacheKey(campaignId));
  const redis = await getRedis();
  if (!redis) return !env().REDIS_URL;
  try {
    await redis.del(statsCacheKey(campaignId));
    return true;
  } catch {
    redisFailed();
    return false;
  }
}
