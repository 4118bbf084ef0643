/**
 * The process's optional Redis connection (REDIS_URL), built so a Redis outage costs at most one short connect
 * attempt every few seconds and never an error: callers get `null` and fall back (lazy connect, short connect
 * and command timeouts, no offline queue, no retries, no automatic reconnect loop).
 */
import Redis from 'ioredis';
import { env } from '@/lib/env';

const CONNECT_TIMEOUT_MS = 300;
const COMMAND_TIMEOUT_MS = 300;
/** After a failure, Redis is not tried again for this long. */
const COOLDOWN_MS = 5_000;

interface RedisState {
  url: string;
  client: Redis | null;
  connecting: Promise<Redis | null> | null;
  downUntil: number;
}

const KEY = Symbol.for('herald.redis');
const g = globalThis as typeof globalThis & { [KEY]?: RedisState };

async function connect(s: RedisState): Promise<Redis | null> {
  s.client?.disconnect();
  const client = new Redis(s.url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Failures reach callers through rejected commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    s.client = client;
    return client;
  } catch {
    client.disconnect();
    s.client = null;
    s.downUntil = Date.now() + COOLDOWN_MS;
    return null;
  }
}

/** A ready Redis client, or null when REDIS_URL is unset or Redis is unreachable. */
export async function getRedis(): Promise<Redis | null> {
  const url = env().REDIS_URL;
  if (!url) return null;
  let s = g[KEY];
  if (!s || s.url !== url) {
    s?.client?.disconnect();
    s = g[KEY] = { url, client: null, connecting: null, downUntil: 0 };
  }
  if (s.client?.status === 'ready') return s.client;
  if (Date.now() < s.downUntil) return null;
  const state = s;
  state.connecting ??= connect(state).finally(() => {
    state.connecting = null;
  });
  return state.connecting;
}

/** A command failed (timeout, lost connection): drop the client and rest for the cooldown. */
export function redisFailed(): void {
  const s = g[KEY];
  if (!s) return;
  s.client?.disconnect();
  s.client = null;
  s.downUntil = Date.now() + COOLDOWN_MS;
}

/** Close the connection (tests, shutdown). */
export async function closeRedis(): Promise<void> {
  const s = g[KEY];
  delete g[KEY];
  s?.client?.disconnect();
}
