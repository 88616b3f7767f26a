export { createServer, SERVER_VERSION, type CoordinationServer, type ServerDeps } from './server';
export {
  loadServerConfig,
  describeConfig,
  redactUrl,
  isLoopback,
  SERVER_DEFAULTS,
  MIN_TOKEN_LENGTH,
  LOG_LEVELS,
  type ServerConfig,
  type LogLevel,
  type Role,
  type TokenEntry,
  type RedisSettings,
} from './config';
export { createLogger, type AppLogger, type LoggerOptions } from './logger';
export { createReplicator, type StateReplicator, type ReplicatorOptions, type ReplicatorStatus, type ReplicationMode } from './redis';
