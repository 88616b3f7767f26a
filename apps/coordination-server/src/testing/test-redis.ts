import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

/** What a test run says when the Redis its tests need does not answer. */
export const REDIS_MISSING = 'start Redis on 127.0.0.1:6379 or set COORDINATION_TEST_REDIS_URL';

/** The Redis every test run may use (`COORDINATION_TEST_REDIS_URL`, default 127.0.0.1:6379); tests keep to their own key prefix on it. */
export const TEST_REDIS_URL = process.env.COORDINATION_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A key prefix no other test, run or process uses. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${process.pid}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`, so the shared server is left as it was found. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Whether a Redis at `url` answers PING within `timeoutMs`: one attempt, no retries, so an absent Redis costs at most that. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // Connection errors surface as the rejected connect() below; the event would only be noise.
  redis.on('error', () => undefined);
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  try {
    return await Promise.race([redis.connect().then(async () => (await redis.ping()) === 'PONG'), timer]);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Fails with REDIS_MISSING unless the test Redis answers: one clear message instead of a timeout per test. */
export async function requireTestRedis(url: string = TEST_REDIS_URL): Promise<void> {
  if (!(await redisAnswers(url))) throw new Error(REDIS_MISSING);
}
