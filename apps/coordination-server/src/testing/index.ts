/**
 * `@agentcore/coordination-server/testing`: what tests and tools use to run the server and Redis
 * for real. The only part of this package other projects' tests and tools may import.
 */
export { ServerProcess, type ServerProcessOptions, type ProcessExit } from './server-process';
export { freePort } from './free-port';
export { waitFor, sleep } from './wait-for';
export { TEST_REDIS_URL, REDIS_MISSING, uniquePrefix, deleteKeys, redisAnswers, requireTestRedis } from './test-redis';
export { PrivateRedis } from './private-redis';
export { createReplica, startReplica, type Replica, type ReplicaOptions } from './replica';
