import { RedisReplicator } from './redis-replicator';
import { DEFAULT_REDIS_PREFIX, MemoryReplicator, type ReplicatorOptions, type StateReplicator } from './replicator';

export {
  MemoryReplicator,
  DEFAULT_REDIS_PREFIX,
  MEMORY_STATUS,
  REPLICATION_MODES,
  type StateReplicator,
  type ApplyShared,
  type AppliedShared,
  type ReplicatorOptions,
  type ReplicatorStatus,
  type ReplicationMode,
} from './replicator';
export { RedisReplicator, type RedisReplicatorOptions } from './redis-replicator';
export { applyShared } from './apply-shared';

/** Picks the replicator for the configuration: Redis-backed when a URL is set, in-memory otherwise. */
export function createReplicator(options: ReplicatorOptions): StateReplicator {
  const url = options.url?.trim();
  if (url === undefined || url === '') return new MemoryReplicator();
  return new RedisReplicator({ ...options, url, prefix: options.prefix ?? DEFAULT_REDIS_PREFIX });
}
