import { readFileSync } from 'node:fs';
import { loadEventStreamSettings, type EventStreamSettings } from './events/settings';
import { DEFAULT_REDIS_PREFIX } from './redis';
import { AgentIdSchema, ConfigError, loadConfig, readNumber, type CoordinationConfig, type Env } from '@agentcore/coordination-core';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Role = { kind: 'admin' } | { kind: 'router' } | { kind: 'agent'; agentId: string };
export type RoleKind = Role['kind'];
export const ROLE_KINDS: readonly RoleKind[] = ['admin', 'router', 'agent'];

export interface TokenEntry {
  token: string;
  role: Role;
}

export interface RedisSettings {
  url: string;
  prefix: string;
}

/** Everything the server needs, validated. Secrets live in `tokens`; `describeConfig` leaves them out. */
export interface ServerConfig {
  core: CoordinationConfig;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Empty: authentication is off. */
  tokens: TokenEntry[];
  maxBodyBytes: number;
  /** Largest JSON-RPC batch, signal batch and candidate list. */
  maxBatch: number;
  /** JSON-RPC calls per second per token (per client address when auth is off); 0 disables the limit. */
  rateLimitPerSecond: number;
  overloadScanIntervalSeconds: number;
  redis: RedisSettings | null;
  /** `GET /events` limits (`COORDINATION_EVENTS_*`). */
  events: EventStreamSettings;
}

export const SERVER_DEFAULTS = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  logLevel: 'info' as LogLevel,
  maxBodyBytes: 1024 * 1024,
  maxBatch: 1000,
  rateLimitPerSecond: 5000,
  overloadScanIntervalSeconds: 15,
  redisPrefix: DEFAULT_REDIS_PREFIX,
});

/** Tokens shorter than this are too easy to guess to protect anything. */
export const MIN_TOKEN_LENGTH = 16;

export interface LoadOptions {
  /** Reads COORDINATION_AUTH_TOKENS_FILE; replaceable in tests. */
  readFile?: (path: string) => string;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Reads and validates the server's environment (every variable is in the configuration table of
 * docs/server.md). Throws a ConfigError that names the offending variable on the first bad value,
 * so the process can exit with a clear message.
 */
export function loadServerConfig(env: Env, options: LoadOptions = {}): ServerConfig {
  const core = loadConfig(env);
  const logLevel = (text(env, 'LOG_LEVEL')?.toLowerCase() ?? SERVER_DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', LOG_LEVELS.join(' | '), env.LOG_LEVEL ?? '');
  const host = text(env, 'HOST') ?? SERVER_DEFAULTS.host;
  if (/\s/.test(host)) throw new ConfigError('HOST', 'a host name or IP address', host);

  const tokens = parseTokens(text(env, 'COORDINATION_AUTH_TOKENS') ?? '', 'COORDINATION_AUTH_TOKENS', /,/);
  const tokenFile = text(env, 'COORDINATION_AUTH_TOKENS_FILE');
  if (tokenFile !== undefined) {
    let contents: string;
    try {
      contents = (options.readFile ?? ((path) => readFileSync(path, 'utf8')))(tokenFile);
    } catch (error) {
      throw new ConfigError('COORDINATION_AUTH_TOKENS_FILE', 'a readable file', `${tokenFile} (${(error as Error).message})`);
    }
    tokens.push(...parseTokens(contents, 'COORDINATION_AUTH_TOKENS_FILE', /\r?\n/));
  }
  const seen = new Set<string>();
  for (const entry of tokens) {
    if (seen.has(entry.token)) throw new ConfigError('COORDINATION_AUTH_TOKENS', 'each token at most once', '<a repeated token>');
    seen.add(entry.token);
  }

  return {
    core,
    port: readNumber(env, 'PORT', SERVER_DEFAULTS.port, { integer: true, min: 0, max: 65_535 }),
    host,
    logLevel,
    tokens,
    maxBodyBytes: readNumber(env, 'COORDINATION_MAX_BODY_BYTES', SERVER_DEFAULTS.maxBodyBytes, {
      integer: true,
      min: 1024,
      max: 64 * 1024 * 1024,
    }),
    maxBatch: readNumber(env, 'COORDINATION_MAX_BATCH', SERVER_DEFAULTS.maxBatch, { integer: true, min: 1, max: 100_000 }),
    rateLimitPerSecond: readNumber(env, 'COORDINATION_RATE_LIMIT', SERVER_DEFAULTS.rateLimitPerSecond, {
      integer: true,
      min: 0,
    }),
    overloadScanIntervalSeconds: readNumber(
      env,
      'COORDINATION_OVERLOAD_SCAN_INTERVAL',
      SERVER_DEFAULTS.overloadScanIntervalSeconds,
      { integer: true, min: 1 },
    ),
    redis: parseRedis(env),
    events: loadEventStreamSettings(env),
  };
}

/**
 * Entries are `token=role`, role `admin`, `router` or `agent:<agent_id>`. The split is at the
 * first `=` that is followed by a role name, so base64 tokens ending in `=` work.
 */
function parseTokens(source: string, variable: string, separator: RegExp): TokenEntry[] {
  const entries: TokenEntry[] = [];
  for (const rawEntry of source.split(separator)) {
    const entry = rawEntry.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const match = /^(.+?)=(admin|router|agent:.*)$/.exec(entry);
    // Never echo a token back: the message shows only where the bad entry is.
    const where = `entry ${entries.length + 1}`;
    if (match === null) throw new ConfigError(variable, 'token=admin | token=router | token=agent:<agent_id>', where);
    const [, token, roleText] = match;
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new ConfigError(variable, `tokens of at least ${MIN_TOKEN_LENGTH} characters without spaces`, where);
    }
    let role: Role;
    if (roleText === 'admin' || roleText === 'router') role = { kind: roleText };
    else {
      const agentId = roleText.slice('agent:'.length);
      if (!AgentIdSchema.safeParse(agentId).success) throw new ConfigError(variable, 'agent:<a valid agent_id>', where);
      role = { kind: 'agent', agentId };
    }
    entries.push({ token, role });
  }
  return entries;
}

function parseRedis(env: Env): RedisSettings | null {
  const prefix = text(env, 'COORDINATION_REDIS_PREFIX') ?? SERVER_DEFAULTS.redisPrefix;
  if (!/^[A-Za-z0-9:_.-]{1,128}$/.test(prefix)) {
    throw new ConfigError('COORDINATION_REDIS_PREFIX', 'up to 128 of A-Z a-z 0-9 : _ . -', prefix);
  }
  const url = text(env, 'COORDINATION_REDIS_URL');
  if (url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('COORDINATION_REDIS_URL', 'redis://[user:password@]host[:port][/db]', redactUrl(url));
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new ConfigError('COORDINATION_REDIS_URL', 'redis://[user:password@]host[:port][/db]', redactUrl(url));
  }
  if (!/^\/?(\d*)$/.test(parsed.pathname)) {
    throw new ConfigError('COORDINATION_REDIS_URL', 'a database number as the path, e.g. redis://host:6379/0', redactUrl(url));
  }
  return { url, prefix };
}

/** Hides the password of a URL so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** The effective configuration as it is safe to log: token values and passwords left out. */
export function describeConfig(config: ServerConfig): Record<string, unknown> {
  const roles = { admin: 0, router: 0, agent: 0 };
  for (const entry of config.tokens) roles[entry.role.kind]++;
  return {
    port: config.port,
    host: config.host,
    log_level: config.logLevel,
    auth: config.tokens.length === 0 ? { enabled: false } : { enabled: true, tokens: config.tokens.length, roles },
    max_body_bytes: config.maxBodyBytes,
    max_batch: config.maxBatch,
    rate_limit_per_second: config.rateLimitPerSecond,
    overload_scan_interval_seconds: config.overloadScanIntervalSeconds,
    redis: config.redis === null ? null : { url: redactUrl(config.redis.url), prefix: config.redis.prefix },
    events: {
      max_streams: config.events.maxStreams,
      buffer: config.events.bufferSize,
      queue: config.events.queueLimit,
      heartbeat_seconds: config.events.heartbeatSeconds,
      interval_ms: config.events.intervalMs,
    },
    coordination: {
      enable_rep: config.core.enableRep,
      signal_ttl_seconds: config.core.signalTtlSeconds,
      max_history_size: config.core.maxHistorySize,
      cleanup_interval_seconds: config.core.cleanupIntervalSeconds,
      weights: config.core.weights,
      capacity_scale: config.core.capacityScale,
      latency_scale_ms: config.core.latencyScaleMs,
    },
  };
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
