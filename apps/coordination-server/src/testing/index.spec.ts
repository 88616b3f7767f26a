import * as testing from './index';

it('offers tests and tools one entry for running the server and Redis for real', () => {
  expect(Object.keys(testing).sort()).toEqual([
    'PrivateRedis',
    'REDIS_MISSING',
    'ServerProcess',
    'TEST_REDIS_URL',
    'createReplica',
    'deleteKeys',
    'freePort',
    'redisAnswers',
    'requireTestRedis',
    'sleep',
    'startReplica',
    'uniquePrefix',
    'waitFor',
  ]);
  expect(testing.REDIS_MISSING).toBe('start Redis on 127.0.0.1:6379 or set COORDINATION_TEST_REDIS_URL');
});
