import { ConfigError, CoordinationService, type CoordinationConfig, type Logger } from '@agentcore/coordination-core';
import {
  noopLogger,
  StrategyName,
  type StrategyFactoryOptions,
  type StrategyRegistry,
} from '@agentcore/message-router';
import type { Registry } from 'prom-client';
import type { RippleConfig } from './config';
import { clientStateFetcher, refreshClient } from './client-fetcher';
import { InProcessScoreSource } from './in-process-source';
import { RippleMetrics } from './metrics';
import { RemoteScoreSource, type StateFetcher } from './remote-source';
import { RippleStrategy, type RippleStrategyOptions } from './ripple-strategy';

export function createRippleStrategy(options: RippleStrategyOptions): RippleStrategy {
  return new RippleStrategy(options);
}

export interface RippleFromConfigDeps {
  /** Strategies to take the fallback from (by RIPPLE_FALLBACK_STRATEGY). */
  strategies: StrategyRegistry;
  /** In-process mode: the coordination service to score with. */
  service?: CoordinationService;
  /** Remote mode: how to read states from the server; by default the typed client on COORDINATION_SERVER_URL. */
  fetcher?: StateFetcher;
  /** Remote mode: the agents to keep scores for (e.g. the router's registry ids). */
  agentIds?: () => readonly string[];
  /** Scoring configuration; must match the server's in remote mode. */
  coordination?: Partial<CoordinationConfig>;
  metricsRegistry?: Registry;
  logger?: Logger;
  random?: () => number;
  now?: () => number;
}

/**
 * Builds RIPPLE_COORDINATION from configuration: in-process over a local coordination
 * service, or remote over a coordination-server with a background-refreshed cache.
 * Call `start()` on the result's source before routing (remote: first refresh).
 */
export function createRippleFromConfig(config: RippleConfig, deps: RippleFromConfigDeps): RippleStrategy {
  if (!deps.strategies.has(config.fallbackStrategy)) {
    const available = deps.strategies.names().filter((name) => name !== StrategyName.RIPPLE_COORDINATION);
    throw new ConfigError('RIPPLE_FALLBACK_STRATEGY', `one of ${available.join(', ')}`, config.fallbackStrategy);
  }
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const metrics = deps.metricsRegistry === undefined ? undefined : new RippleMetrics(deps.metricsRegistry);
  let source: InProcessScoreSource | RemoteScoreSource;
  if (config.mode === 'remote') {
    const fetcher =
      deps.fetcher ?? clientStateFetcher(refreshClient(config.serverUrl as string, config.token, config.requestTimeoutMs));
    const remote = new RemoteScoreSource({
      fetcher,
      agentIds: deps.agentIds,
      refreshIntervalMs: config.refreshIntervalMs,
      maxStalenessMs: config.maxStalenessMs,
      requestTimeoutMs: config.requestTimeoutMs,
      circuitBreaker: { failureThreshold: config.circuitFailureThreshold, cooldownMs: config.circuitCooldownMs },
      config: deps.coordination,
      now,
      random,
      logger,
      onRefresh: metrics === undefined ? undefined : (outcome) => metrics.refresh(outcome),
    });
    metrics?.observe(() => remote.health());
    source = remote;
  } else {
    const service =
      deps.service ?? new CoordinationService({ config: deps.coordination, clock: now, random, logger });
    source = new InProcessScoreSource(service);
  }
  const fallbackOptions: StrategyFactoryOptions = {
    random,
    now,
    logger: logger ?? noopLogger,
  };
  return new RippleStrategy({
    source,
    enabled: config.enabled,
    fallback: deps.strategies.create(config.fallbackStrategy, fallbackOptions),
    admission: config.admission,
    metrics,
    logger,
  });
}

/** Makes RIPPLE_COORDINATION creatable by name from a message-router strategy registry. */
export function registerRippleStrategy(
  registry: StrategyRegistry,
  build: (options: StrategyFactoryOptions) => RippleStrategyOptions,
): StrategyRegistry {
  return registry.register(StrategyName.RIPPLE_COORDINATION, (options) => new RippleStrategy(build(options)));
}
