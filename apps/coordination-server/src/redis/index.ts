export {
  createReplicator,
  MemoryReplicator,
  DEFAULT_REDIS_PREFIX,
  MEMORY_STATUS,
  REPLICATION_MODES,
  type StateReplicator,
  type ReplicatorOptions,
  type ReplicatorStatus,
  type ReplicationMode,
} from './replicator';
export { RedisReplicator, type RedisReplicatorOptions } from './redis-replicator';
