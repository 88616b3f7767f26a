import { DEFAULT_CONFIG, DEFAULT_WEIGHTS } from '@agentcore/coordination-core';
import { SERVER_DEFAULTS } from './config';
import { EVENT_STREAM_DEFAULTS } from './events/settings';

/** One environment variable the server reads. */
export interface EnvironmentVariable {
  name: string;
  /** As `--help` and docs/server.md show it: the value, or `unset`. */
  default: string;
  meaning: string;
}

const weight = (dimension: keyof typeof DEFAULT_WEIGHTS, meaning: string): EnvironmentVariable => ({
  name: `ROUTING_WEIGHT_${dimension.toUpperCase()}`,
  default: String(DEFAULT_WEIGHTS[dimension]),
  meaning,
});

/**
 * Every environment variable the server reads, with its default: what `--help` prints, and what
 * the configuration table of docs/server.md is checked against (so are the variables
 * `loadServerConfig` and `readBuildInfo` actually read).
 */
export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'PORT', default: String(SERVER_DEFAULTS.port), meaning: 'TCP port; 0 picks a free one.' },
  { name: 'HOST', default: SERVER_DEFAULTS.host, meaning: 'Address to bind (0.0.0.0 for every interface: turn authentication on).' },
  { name: 'LOG_LEVEL', default: SERVER_DEFAULTS.logLevel, meaning: 'error, warn, info or debug.' },
  { name: 'COORDINATION_AUTH_TOKENS', default: 'unset', meaning: 'Comma-separated token=role entries (admin, router, agent:<agent_id>); unset: auth off.' },
  { name: 'COORDINATION_AUTH_TOKENS_FILE', default: 'unset', meaning: 'A file of token=role entries, one per line.' },
  { name: 'COORDINATION_MAX_BODY_BYTES', default: String(SERVER_DEFAULTS.maxBodyBytes), meaning: 'Largest request body (1 KiB - 64 MiB).' },
  { name: 'COORDINATION_MAX_BATCH', default: String(SERVER_DEFAULTS.maxBatch), meaning: 'Largest JSON-RPC batch, signals, candidates and agent_ids list.' },
  { name: 'COORDINATION_MAX_RESPONSE_BYTES', default: String(SERVER_DEFAULTS.maxResponseBytes), meaning: 'Largest answer to one request, a lone call or a whole batch (64 KiB - 256 MiB).' },
  { name: 'COORDINATION_MAX_AGENTS', default: String(SERVER_DEFAULTS.maxAgents), meaning: 'Most agents tracked at once; signals for more are refused (-32061).' },
  { name: 'COORDINATION_RATE_LIMIT', default: String(SERVER_DEFAULTS.rateLimitPerSecond), meaning: 'Work units (signals, candidates, agents listed; 1 per other call) per second per token (per address with auth off); 0: no limit.' },
  { name: 'COORDINATION_TRUST_PROXY', default: 'unset', meaning: 'Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client.' },
  { name: 'COORDINATION_ALLOWED_HOSTS', default: 'unset', meaning: 'Host names the Host header may name, or *; unset: loopback names on a loopback HOST, else any.' },
  { name: 'COORDINATION_HEADERS_TIMEOUT_MS', default: String(SERVER_DEFAULTS.headersTimeoutMs), meaning: 'Request line and headers must arrive within this (HTTP 408).' },
  { name: 'COORDINATION_REQUEST_TIMEOUT_MS', default: String(SERVER_DEFAULTS.requestTimeoutMs), meaning: 'The whole request, body included, must arrive within this (HTTP 408).' },
  { name: 'COORDINATION_KEEP_ALIVE_TIMEOUT_MS', default: String(SERVER_DEFAULTS.keepAliveTimeoutMs), meaning: 'Idle keep-alive connections are closed after this.' },
  { name: 'COORDINATION_OVERLOAD_SCAN_INTERVAL', default: String(SERVER_DEFAULTS.overloadScanIntervalSeconds), meaning: 'Seconds between background overload scans.' },
  { name: 'COORDINATION_REDIS_URL', default: 'unset', meaning: 'redis://[user:password@]host[:port][/db]: share state between replicas.' },
  { name: 'COORDINATION_REDIS_PREFIX', default: SERVER_DEFAULTS.redisPrefix, meaning: 'Prefix of every Redis key.' },
  { name: 'COORDINATION_REDIS_COMMAND_TIMEOUT_MS', default: String(SERVER_DEFAULTS.redisCommandTimeoutMs), meaning: 'A Redis connection waiting this long for an answer is reopened; the replica is degraded meanwhile.' },
  { name: 'COORDINATION_EVENTS_MAX_STREAMS', default: String(EVENT_STREAM_DEFAULTS.maxStreams), meaning: 'Concurrent GET /events streams; 0 turns /events off.' },
  { name: 'COORDINATION_EVENTS_BUFFER', default: String(EVENT_STREAM_DEFAULTS.bufferSize), meaning: 'Events kept for Last-Event-ID resume.' },
  { name: 'COORDINATION_EVENTS_QUEUE', default: String(EVENT_STREAM_DEFAULTS.queueLimit), meaning: 'Events a stream may still have waiting at the end of an interval; more, and it is dropped.' },
  { name: 'COORDINATION_EVENTS_HEARTBEAT', default: String(EVENT_STREAM_DEFAULTS.heartbeatSeconds), meaning: 'Seconds between heartbeat comments on a stream.' },
  { name: 'COORDINATION_EVENTS_INTERVAL_MS', default: String(EVENT_STREAM_DEFAULTS.intervalMs), meaning: 'Coalescing interval of signals events, stale checks and mode changes.' },
  { name: 'COORDINATION_ENABLE_REP', default: String(DEFAULT_CONFIG.enableRep), meaning: 'Reported as rep_enabled; routers fall back to their own strategy when false.' },
  { name: 'COORDINATION_SIGNAL_TTL', default: String(DEFAULT_CONFIG.signalTtlSeconds), meaning: 'Default ttl_seconds of a signal.' },
  { name: 'COORDINATION_MAX_HISTORY_SIZE', default: String(DEFAULT_CONFIG.maxHistorySize), meaning: 'Signals of history kept per agent.' },
  { name: 'COORDINATION_CLEANUP_INTERVAL', default: String(DEFAULT_CONFIG.cleanupIntervalSeconds), meaning: 'Seconds between removals of expired signals and agents.' },
  weight('load', 'Weight of load in the routing score (weights are normalised to sum 1).'),
  weight('capacity', 'Weight of capacity.'),
  weight('quality', 'Weight of quality.'),
  weight('cost', 'Weight of cost.'),
  weight('availability', 'Weight of availability.'),
  weight('latency', 'Weight of latency.'),
  { name: 'COORDINATION_CAPACITY_SCALE', default: String(DEFAULT_CONFIG.capacityScale), meaning: 'Concurrent tasks that capacity 1.0 stands for.' },
  { name: 'COORDINATION_LATENCY_SCALE_MS', default: String(DEFAULT_CONFIG.latencyScaleMs), meaning: 'Latency that latency 1.0 stands for.' },
  { name: 'COORDINATION_BUILD_COMMIT', default: 'unset', meaning: 'Commit GET /version and coordination_build_info report (default: the one the build recorded).' },
];
