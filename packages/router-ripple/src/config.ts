import { ConfigError, readBoolean, readNumber, type Env } from '@agentcore/coordination-core';
import { StrategyName } from '@agentcore/message-router';

/** Ripple's settings, read from the environment the router runs in. */
export interface RippleConfig {
  /** COORDINATION_ENABLE_REP: false → every decision uses the fallback strategy. */
  enabled: boolean;
  /** RIPPLE_MODE: score in this process, or read a remote coordination-server. */
  mode: 'in-process' | 'remote';
  /** COORDINATION_SERVER_URL: base URL of the coordination-server (remote mode). */
  serverUrl: string | undefined;
  /** COORDINATION_TOKEN: bearer token for the server (a `router` role token). */
  token: string | undefined;
  /** RIPPLE_FALLBACK_STRATEGY: strategy name used when coordination cannot decide. */
  fallbackStrategy: string;
  refreshIntervalMs: number;
  maxStalenessMs: number;
  requestTimeoutMs: number;
  circuitFailureThreshold: number;
  circuitCooldownMs: number;
  /** RIPPLE_ADMISSION: hold messages no candidate should take now (for a router with admission control). */
  admission: boolean;
}

export function loadRippleConfig(env: Env = {}): RippleConfig {
  const mode = (env.RIPPLE_MODE ?? 'in-process').trim() || 'in-process';
  if (mode !== 'in-process' && mode !== 'remote') throw new ConfigError('RIPPLE_MODE', 'in-process or remote', mode);
  const serverUrl = env.COORDINATION_SERVER_URL?.trim() || undefined;
  if (serverUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(serverUrl)) {
    throw new ConfigError('COORDINATION_SERVER_URL', 'an http(s) URL', serverUrl);
  }
  if (mode === 'remote' && serverUrl === undefined) {
    throw new ConfigError('COORDINATION_SERVER_URL', 'an http(s) URL (required when RIPPLE_MODE=remote)', '');
  }
  const fallbackStrategy = (env.RIPPLE_FALLBACK_STRATEGY ?? StrategyName.RANDOM).trim() || StrategyName.RANDOM;
  if (fallbackStrategy === StrategyName.RIPPLE_COORDINATION) {
    throw new ConfigError('RIPPLE_FALLBACK_STRATEGY', 'a strategy other than RIPPLE_COORDINATION', fallbackStrategy);
  }
  const refreshIntervalMs = readNumber(env, 'RIPPLE_REFRESH_INTERVAL_MS', 1000, { integer: true, min: 10 });
  return {
    enabled: readBoolean(env, 'COORDINATION_ENABLE_REP', true),
    mode,
    serverUrl,
    token: env.COORDINATION_TOKEN?.trim() || undefined,
    fallbackStrategy,
    refreshIntervalMs,
    maxStalenessMs: readNumber(env, 'RIPPLE_MAX_STALENESS_MS', Math.max(5000, refreshIntervalMs * 3), {
      integer: true,
      min: refreshIntervalMs,
    }),
    requestTimeoutMs: readNumber(env, 'RIPPLE_REQUEST_TIMEOUT_MS', 500, { integer: true, min: 1 }),
    circuitFailureThreshold: readNumber(env, 'RIPPLE_CIRCUIT_FAILURES', 3, { integer: true, min: 1 }),
    circuitCooldownMs: readNumber(env, 'RIPPLE_CIRCUIT_COOLDOWN_MS', 5000, { integer: true, min: 1 }),
    admission: readBoolean(env, 'RIPPLE_ADMISSION', false),
  };
}
