import { ConfigError } from '@agentcore/coordination-core';
import { createDefaultStrategyRegistry, StrategyName, type RoutingContext } from '@agentcore/message-router';
import { Registry } from 'prom-client';
import { createRippleFromConfig, createRippleStrategy, InProcessScoreSource, loadRippleConfig, RemoteScoreSource } from './index';

describe('loadRippleConfig', () => {
  it('defaults to in-process coordination with a RANDOM fallback', () => {
    expect(loadRippleConfig({})).toEqual({
      enabled: true,
      mode: 'in-process',
      serverUrl: undefined,
      token: undefined,
      fallbackStrategy: 'RANDOM',
      refreshIntervalMs: 1000,
      maxStalenessMs: 5000,
      requestTimeoutMs: 500,
      circuitFailureThreshold: 3,
      circuitCooldownMs: 5000,
      admission: false,
    });
    expect(loadRippleConfig({ RIPPLE_ADMISSION: 'true' }).admission).toBe(true);
  });

  it('reads remote mode and its tuning', () => {
    const config = loadRippleConfig({
      COORDINATION_ENABLE_REP: 'false',
      RIPPLE_MODE: 'remote',
      COORDINATION_SERVER_URL: 'http://127.0.0.1:8080',
      COORDINATION_TOKEN: 'secret',
      RIPPLE_FALLBACK_STRATEGY: 'LEAST_LOADED',
      RIPPLE_REFRESH_INTERVAL_MS: '3000',
    });
    expect(config).toMatchObject({ enabled: false, mode: 'remote', token: 'secret', fallbackStrategy: 'LEAST_LOADED', maxStalenessMs: 9000 });
  });

  it.each([
    [{ RIPPLE_MODE: 'sideways' }, 'RIPPLE_MODE'],
    [{ RIPPLE_MODE: 'remote' }, 'COORDINATION_SERVER_URL'],
    [{ COORDINATION_SERVER_URL: 'ftp://x' }, 'COORDINATION_SERVER_URL'],
    [{ RIPPLE_FALLBACK_STRATEGY: 'RIPPLE_COORDINATION' }, 'RIPPLE_FALLBACK_STRATEGY'],
    [{ RIPPLE_REFRESH_INTERVAL_MS: 'soon' }, 'RIPPLE_REFRESH_INTERVAL_MS'],
    [{ RIPPLE_MAX_STALENESS_MS: '10' }, 'RIPPLE_MAX_STALENESS_MS'],
    [{ COORDINATION_ENABLE_REP: 'maybe' }, 'COORDINATION_ENABLE_REP'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadRippleConfig(env)).toThrow(ConfigError);
    expect(() => loadRippleConfig(env)).toThrow(variable);
  });
});

describe('createRippleFromConfig', () => {
  const ctx: RoutingContext = {
    message: { id: 'm', sender: 's', payload: null },
    candidates: [{ id: 'a', capabilities: [] }],
    inFlight: () => 0,
    random: () => 0.1,
    now: () => 0,
    attempt: 1,
  };

  it('builds an in-process strategy with its own service and the configured fallback', () => {
    const strategy = createRippleFromConfig(loadRippleConfig({ RIPPLE_FALLBACK_STRATEGY: 'ROUND_ROBIN' }), {
      strategies: createDefaultStrategyRegistry(),
    });
    expect(strategy.name).toBe(StrategyName.RIPPLE_COORDINATION);
    expect(strategy.source).toBeInstanceOf(InProcessScoreSource);
    expect(strategy.select(ctx).explanation).toMatchObject({ fallback_strategy: 'ROUND_ROBIN' });
  });

  it('builds a remote strategy wired to metrics', async () => {
    const registry = new Registry();
    const strategy = createRippleFromConfig(loadRippleConfig({ RIPPLE_MODE: 'remote', COORDINATION_SERVER_URL: 'http://127.0.0.1:1' }), {
      strategies: createDefaultStrategyRegistry(),
      fetcher: { fetchStates: async () => [] },
      metricsRegistry: registry,
    });
    expect(strategy.source).toBeInstanceOf(RemoteScoreSource);
    await (strategy.source as RemoteScoreSource).refresh();
    strategy.select(ctx);
    const text = await registry.metrics();
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="ok"} 1');
    expect(text).toContain('router_ripple_decisions_total{outcome="fallback"} 1');
    await strategy.close();
  });

  it('reaches the server through the typed client by default, falling back while it is unreachable', async () => {
    const strategy = createRippleFromConfig(
      loadRippleConfig({ RIPPLE_MODE: 'remote', COORDINATION_SERVER_URL: 'http://127.0.0.1:9', RIPPLE_REQUEST_TIMEOUT_MS: '200' }),
      { strategies: createDefaultStrategyRegistry() },
    );
    await (strategy.source as RemoteScoreSource).refresh();
    expect(strategy.select(ctx).fallbackReason).toBe('error');
    await strategy.close();
  });

  it('rejects an unknown RIPPLE_FALLBACK_STRATEGY with a ConfigError naming the variable and the choices', () => {
    const build = () =>
      createRippleFromConfig(loadRippleConfig({ RIPPLE_FALLBACK_STRATEGY: 'random' }), { strategies: createDefaultStrategyRegistry() });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/^RIPPLE_FALLBACK_STRATEGY: expected one of RANDOM, ROUND_ROBIN, .*got "random"$/);
    try {
      build();
    } catch (error) {
      expect(error).toMatchObject({ variable: 'RIPPLE_FALLBACK_STRATEGY', received: 'random' });
      expect((error as ConfigError).expected).not.toContain(StrategyName.RIPPLE_COORDINATION);
    }
  });

  it('createRippleStrategy is the plain constructor', () => {
    const strategy = createRippleStrategy({ source: { mode: 'in-process', select: () => ({ kind: 'fallback', reason: 'stale' }), recordAssignment: () => undefined, recordCompletion: () => undefined } });
    expect(strategy.select(ctx).fallbackReason).toBe('stale');
  });
});
