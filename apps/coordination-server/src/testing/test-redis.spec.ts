import { once } from 'node:events';
import { createServer } from 'node:net';
import { freePort } from './free-port';
import { REDIS_MISSING, redisAnswers, requireTestRedis, TEST_REDIS_URL, uniquePrefix } from './test-redis';

describe('the test Redis check', () => {
  it('finds the test Redis', async () => {
    expect(await redisAnswers(TEST_REDIS_URL)).toBe(true);
    await expect(requireTestRedis()).resolves.toBeUndefined();
  });

  it('says quickly, and in one sentence, that nothing answers on a closed port', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    expect(await redisAnswers(closed, 500)).toBe(false);
    await expect(requireTestRedis(closed)).rejects.toThrow(REDIS_MISSING);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as { port: number };
      const started = Date.now();
      expect(await redisAnswers(`redis://127.0.0.1:${port}`, 200)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      silent.close();
    }
  });

  it('hands out prefixes no other test uses', () => {
    expect(uniquePrefix('x')).toMatch(/^test:x:\d+:[0-9a-f]{8}:$/);
    expect(uniquePrefix('x')).not.toBe(uniquePrefix('x'));
  });
});
