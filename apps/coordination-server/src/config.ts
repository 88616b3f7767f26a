import { readFileSync } from 'node:fs';
import { loadEventStreamSettings, type EventStreamSettings } from './events/settings';
import { BlockList, isIP } from 'node:net';
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
  /** A command unanswered this long fails, and the replica turns degraded (a hung Redis must not look healthy). */
  commandTimeoutMs: number;
}

/** Node's HTTP server timeouts (ms). */
export interface HttpTimeouts {
  /** Request line and headers must arrive within this, counted from the first byte of the request. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
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
  /** Work units per second per token (per client address when auth is off); 0 disables the limit. See docs/server.md. */
  rateLimitPerSecond: number;
  /** Largest answer to one HTTP request (a lone call or a whole batch), in bytes. */
  maxResponseBytes: number;
  /** Most agents tracked at once. */
  maxAgents: number;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; empty: the connection's address is the client. */
  trustProxy: string[];
  /** Host names (`Host` header, port ignored) the server answers to; null: any. */
  allowedHosts: string[] | null;
  httpTimeouts: HttpTimeouts;
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
  // Work units (signals, candidates, listed agents; 1 for other calls) per second per caller:
  // above what one node takes at all (about 0.5–1 M signals/s in batches, docs/benchmarks.md), so
  // it never caps a client the node could serve; set it lower to share a node between tenants.
  rateLimitPerSecond: 1_000_000,
  maxResponseBytes: 8 * 1024 * 1024,
  maxAgents: 50_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  // Load balancers keep idle connections open for up to 60 s; the server must not close first.
  keepAliveTimeoutMs: 65_000,
  overloadScanIntervalSeconds: 15,
  redisPrefix: DEFAULT_REDIS_PREFIX,
  redisCommandTimeoutMs: 2_000,
});

/** Host names a server bound to loopback answers to by default (DNS rebinding: a page's own host name never passes). */
export const LOOPBACK_HOSTS = Object.freeze(['localhost', '127.0.0.1', '::1']);

/** The Redis databases a default Redis has (`databases 16`): `SELECT` of any other fails. */
export const REDIS_DATABASES = 16;

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

  const tokenList = text(env, 'COORDINATION_AUTH_TOKENS');
  const tokens = tokenList === undefined ? [] : parseTokens(tokenList, 'COORDINATION_AUTH_TOKENS', /,/);
  // Set but without a single entry (say ' , '): auth would silently be off. Refuse instead.
  if (tokenList !== undefined && tokens.length === 0) {
    throw new ConfigError('COORDINATION_AUTH_TOKENS', 'at least one token=role entry (unset it to turn authentication off)', '<no entries>');
  }
  const tokenFile = text(env, 'COORDINATION_AUTH_TOKENS_FILE');
  if (tokenFile !== undefined) {
    let contents: string;
    try {
      contents = (options.readFile ?? ((path) => readFileSync(path, 'utf8')))(tokenFile);
    } catch (error) {
      throw new ConfigError('COORDINATION_AUTH_TOKENS_FILE', 'a readable file', `${tokenFile} (${(error as Error).message})`);
    }
    const fromFile = parseTokens(contents, 'COORDINATION_AUTH_TOKENS_FILE', /\r?\n/);
    if (fromFile.length === 0) {
      throw new ConfigError('COORDINATION_AUTH_TOKENS_FILE', 'a file with at least one token=role line', `${tokenFile} (no entries)`);
    }
    tokens.push(...fromFile);
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
    maxResponseBytes: readNumber(env, 'COORDINATION_MAX_RESPONSE_BYTES', SERVER_DEFAULTS.maxResponseBytes, {
      integer: true,
      min: 64 * 1024,
      // V8 strings end at about 512 MiB; an answer must stay far below.
      max: 256 * 1024 * 1024,
    }),
    maxAgents: readNumber(env, 'COORDINATION_MAX_AGENTS', SERVER_DEFAULTS.maxAgents, { integer: true, min: 1, max: 10_000_000 }),
    trustProxy: parseTrustProxy(env),
    allowedHosts: parseAllowedHosts(env, host),
    httpTimeouts: parseHttpTimeouts(env),
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
  // Checked with or without a URL, as every other variable is.
  const commandTimeoutMs = readNumber(env, 'COORDINATION_REDIS_COMMAND_TIMEOUT_MS', SERVER_DEFAULTS.redisCommandTimeoutMs, {
    integer: true,
    min: 50,
    max: 60_000,
  });
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
  const db = /^\/?(\d*)$/.exec(parsed.pathname);
  if (db === null) {
    throw new ConfigError('COORDINATION_REDIS_URL', 'a database number as the path, e.g. redis://host:6379/0', redactUrl(url));
  }
  // ioredis would log "connected" and go on in database 0 when SELECT fails.
  if (db[1] !== '' && Number(db[1]) >= REDIS_DATABASES) {
    throw new ConfigError('COORDINATION_REDIS_URL', `a database from 0 to ${REDIS_DATABASES - 1} (Redis has ${REDIS_DATABASES} by default)`, redactUrl(url));
  }
  return { url, prefix, commandTimeoutMs };
}

/** `COORDINATION_TRUST_PROXY`: comma-separated addresses or CIDR ranges (`10.0.0.0/8`, `::1`). */
function parseTrustProxy(env: Env): string[] {
  const list = (text(env, 'COORDINATION_TRUST_PROXY') ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError('COORDINATION_TRUST_PROXY', 'comma-separated IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1', entry);
    }
  }
  return list;
}

/**
 * `COORDINATION_ALLOWED_HOSTS`: comma-separated host names (no port); `*` for any. Unset: the
 * loopback names when the server binds to loopback (a web page that points its own name at
 * 127.0.0.1 — DNS rebinding — is refused), any host otherwise.
 */
function parseAllowedHosts(env: Env, host: string): string[] | null {
  const value = text(env, 'COORDINATION_ALLOWED_HOSTS');
  if (value === undefined) return isLoopback(host) ? [...new Set([...LOOPBACK_HOSTS, host.toLowerCase()])] : null;
  const list = value.split(',').map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
  if (list.includes('*')) return null;
  for (const entry of list) {
    if (!/^(\[[0-9a-f:.]+\]|[0-9a-f:]*:[0-9a-f:.]*|[a-z0-9.-]+)$/.test(entry)) {
      throw new ConfigError('COORDINATION_ALLOWED_HOSTS', 'comma-separated host names without ports, or *', entry);
    }
  }
  if (list.length === 0) throw new ConfigError('COORDINATION_ALLOWED_HOSTS', 'comma-separated host names without ports, or *', value);
  // [::1] and ::1 name the same host.
  return list.map((entry) => entry.replace(/^\[(.*)\]$/, '$1'));
}

function parseHttpTimeouts(env: Env): HttpTimeouts {
  const ms = (name: string, fallback: number) => readNumber(env, name, fallback, { integer: true, min: 100, max: 3_600_000 });
  const timeouts = {
    headersMs: ms('COORDINATION_HEADERS_TIMEOUT_MS', SERVER_DEFAULTS.headersTimeoutMs),
    requestMs: ms('COORDINATION_REQUEST_TIMEOUT_MS', SERVER_DEFAULTS.requestTimeoutMs),
    keepAliveMs: ms('COORDINATION_KEEP_ALIVE_TIMEOUT_MS', SERVER_DEFAULTS.keepAliveTimeoutMs),
  };
  // Node requires it: a request cannot take less time than its own headers.
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new ConfigError('COORDINATION_HEADERS_TIMEOUT_MS', `at most COORDINATION_REQUEST_TIMEOUT_MS (${timeouts.requestMs})`, String(timeouts.headersMs));
  }
  return timeouts;
}

/** A BlockList of the trusted proxies, for matching connection addresses. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
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
    max_response_bytes: config.maxResponseBytes,
    max_agents: config.maxAgents,
    trust_proxy: config.trustProxy,
    allowed_hosts: config.allowedHosts ?? '*',
    http_timeouts_ms: { headers: config.httpTimeouts.headersMs, request: config.httpTimeouts.requestMs, keep_alive: config.httpTimeouts.keepAliveMs },
    overload_scan_interval_seconds: config.overloadScanIntervalSeconds,
    events: {
      max_streams: config.events.maxStreams,
      buffer: config.events.bufferSize,
      queue: config.events.queueLimit,
      heartbeat_seconds: config.events.heartbeatSeconds,
      interval_ms: config.events.intervalMs,
    },
    redis:
      config.redis === null
        ? null
        : { url: redactUrl(config.redis.url), prefix: config.redis.prefix, command_timeout_ms: config.redis.commandTimeoutMs },
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
