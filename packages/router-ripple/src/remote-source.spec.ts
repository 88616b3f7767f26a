import type { AgentCoordinationState, SensitivitySignal } from '@agentcore/coordination-core';
import { Registry } from 'prom-client';
import { createDefaultStrategyRegistry, type RoutingContext } from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig, RemoteScoreSource, RippleMetrics, RippleStrategy, type StateFetcher } from './index';

const T0 = 1_700_000_000_000;

function state(agentId: string, load: number, at: number): AgentCoordinationState {
  const signal: SensitivitySignal = {
    signal_id: `00000000-0000-4000-8000-${String(Math.round(load * 1000) + at).padStart(12, '0').slice(-12)}`,
    agent_id: agentId,
    signal_type: 'load',
    value: load,
    timestamp: new Date(at).toISOString(),
    ttl_seconds: 60,
    confidence: 1,
  };
  return {
    agent_id: agentId,
    signals: { load: signal },
    load_score: 1 - load,
    capacity_score: 0.5,
    quality_score: 0.5,
    cost_score: 0.5,
    availability_score: 0.5,
    routing_score: 0.5,
    last_updated: new Date(at).toISOString(),
  };
}

function context(ids: readonly string[]): RoutingContext {
  return {
    message: { id: 'm', sender: 's', payload: null },
    candidates: ids.map((id) => ({ id, capabilities: [] })),
    inFlight: () => 0,
    random: () => 0.5,
    now: () => T0,
    attempt: 1,
  };
}

/** A stand-in for the network boundary: answers, fails or hangs as a test scripts it. */
class ScriptedFetcher implements StateFetcher {
  calls: Array<readonly string[] | undefined> = [];
  behaviour: 'ok' | 'error' | 'timeout' = 'ok';
  states: AgentCoordinationState[] = [];
  async fetchStates(agentIds: readonly string[] | undefined): Promise<AgentCoordinationState[]> {
    this.calls.push(agentIds);
    if (this.behaviour === 'error') throw new Error('connect ECONNREFUSED');
    if (this.behaviour === 'timeout') {
      const error = new Error('request timed out after 500 ms');
      error.name = 'TimeoutError';
      throw error;
    }
    return this.states;
  }
}

function setup(options: { maxStalenessMs?: number; failureThreshold?: number; cooldownMs?: number } = {}) {
  let now = T0;
  const fetcher = new ScriptedFetcher();
  fetcher.states = [state('a', 0.9, now), state('b', 0.1, now)];
  const outcomes: string[] = [];
  const source = new RemoteScoreSource({
    fetcher,
    refreshIntervalMs: 50,
    maxStalenessMs: options.maxStalenessMs ?? 5000,
    circuitBreaker: { failureThreshold: options.failureThreshold ?? 3, cooldownMs: options.cooldownMs ?? 10_000 },
    now: () => now,
    random: () => 0.5,
    onRefresh: (o) => outcomes.push(o.ok ? 'ok' : (o.reason ?? '?')),
  });
  return { source, fetcher, outcomes, advance: (ms: number) => (now += ms), at: () => now };
}

describe('RemoteScoreSource', () => {
  it('answers from its local mirror after a refresh, preferring the less loaded agent', async () => {
    const { source } = setup();
    await source.refresh();
    const outcome = source.select(['a', 'b'], { explain: false });
    expect(outcome).toMatchObject({ kind: 'selected', result: { agent_id: 'b' } });
  });

  it('falls back as stale before the first good refresh', () => {
    const { source } = setup();
    expect(source.select(['a', 'b'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'stale' });
    expect(source.health()).toMatchObject({ lastRefreshAt: null, cacheAgeMs: null });
  });

  it('keeps using a cache younger than the staleness bound through a failed refresh, then falls back naming the failure', async () => {
    const { source, fetcher, advance } = setup({ maxStalenessMs: 1000 });
    await source.refresh();
    fetcher.behaviour = 'timeout';
    advance(500);
    await source.refresh();
    expect(source.select(['a', 'b'], { explain: false }).kind).toBe('selected');
    advance(600);
    expect(source.select(['a', 'b'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'timeout' });
    fetcher.behaviour = 'error';
    await source.refresh();
    expect(source.select(['a', 'b'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'error' });
  });

  it('opens the circuit after consecutive failures, stops calling, and closes after a good trial call', async () => {
    const { source, fetcher, outcomes, advance } = setup({ failureThreshold: 2, cooldownMs: 1000 });
    fetcher.behaviour = 'error';
    await source.refresh();
    await source.refresh();
    expect(source.health().circuit).toBe('open');
    expect(source.select(['a'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'circuit_open' });
    const callsWhileOpen = fetcher.calls.length;
    await source.refresh();
    expect(fetcher.calls.length).toBe(callsWhileOpen);
    expect(outcomes).toEqual(['error', 'error', 'circuit_open']);
    advance(1000);
    expect(source.health().circuit).toBe('half-open');
    fetcher.behaviour = 'ok';
    await source.refresh();
    expect(source.health()).toMatchObject({ circuit: 'closed', consecutiveFailures: 0 });
    expect(source.select(['a', 'b'], { explain: false }).kind).toBe('selected');
  });

  it('re-opens the circuit when the half-open trial fails', async () => {
    const { source, fetcher, advance } = setup({ failureThreshold: 1, cooldownMs: 100 });
    fetcher.behaviour = 'error';
    await source.refresh();
    advance(100);
    await source.refresh();
    expect(source.health().circuit).toBe('open');
  });

  it('coalesces concurrent refreshes into one request', async () => {
    const { source, fetcher } = setup();
    await Promise.all([source.refresh(), source.refresh(), source.refresh()]);
    expect(fetcher.calls).toHaveLength(1);
  });

  it('asks only for the agents it is told to track', async () => {
    const fetcher = new ScriptedFetcher();
    const source = new RemoteScoreSource({ fetcher, agentIds: () => ['a'], now: () => T0 });
    await source.refresh();
    expect(fetcher.calls).toEqual([['a']]);
  });

  it('counts herding assignments locally until the next load signal arrives', async () => {
    const { source } = setup();
    await source.refresh();
    for (let i = 0; i < 20; i++) source.recordAssignment('b');
    const outcome = source.select(['a', 'b'], { explain: true });
    expect(outcome).toMatchObject({ kind: 'selected', result: { agent_id: 'a' } });
  });

  it('ignores malformed signals from the server but keeps the rest', async () => {
    const { source, fetcher } = setup();
    const broken = state('c', 0.1, T0);
    (broken.signals.load as { value: number }).value = 7;
    fetcher.states = [broken, state('b', 0.2, T0), { ...state('d', 0.1, T0), signals: { load: undefined } }];
    const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const withLogger = new RemoteScoreSource({ fetcher, now: () => T0, logger });
    await withLogger.refresh();
    expect(logger.debug).toHaveBeenCalledWith('signal from server not mirrored', expect.objectContaining({ agent_id: 'c' }));
    expect(withLogger.select(['c', 'b'], { explain: false })).toMatchObject({ kind: 'selected', result: { agent_id: 'b' } });
    await source.close();
  });

  it('refreshes in the background once started, and stops when closed', async () => {
    const fetcher = new ScriptedFetcher();
    const source = new RemoteScoreSource({ fetcher, refreshIntervalMs: 10 });
    await source.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await source.close();
    const calls = fetcher.calls.length;
    expect(calls).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fetcher.calls.length).toBe(calls);
  });

  it('classifies non-Error rejections as errors', async () => {
    const fetcher: StateFetcher = { fetchStates: () => Promise.reject('string failure') };
    const source = new RemoteScoreSource({ fetcher, now: () => T0 });
    await source.refresh();
    expect(source.health().lastError).toBe('string failure');
    expect(source.select(['a'], { explain: false })).toMatchObject({ reason: 'error' });
  });

  it('exposes cache age, circuit state and refresh outcomes as Prometheus metrics', async () => {
    let now = T0;
    const fetcher = new ScriptedFetcher();
    fetcher.states = [state('a', 0.9, T0), state('b', 0.1, T0)];
    const registry = new Registry();
    // Wired exactly as in production: the source's onRefresh and the strategy both feed the metrics.
    const ripple = createRippleFromConfig(
      loadRippleConfig({ RIPPLE_MODE: 'remote', COORDINATION_SERVER_URL: 'http://127.0.0.1:1', RIPPLE_CIRCUIT_FAILURES: '1' }),
      { strategies: createDefaultStrategyRegistry(), fetcher, metricsRegistry: registry, now: () => now, random: () => 0.5 },
    );
    const source = ripple.source as RemoteScoreSource;
    expect(await registry.metrics()).toContain('router_ripple_score_cache_last_refresh_timestamp_seconds 0');
    await source.refresh();
    expect(ripple.select(context(['a', 'b'])).agentId).toBe('b');
    advance(2500);
    fetcher.behaviour = 'error';
    await source.refresh(); // fails and opens the circuit (threshold 1)
    await source.refresh(); // refused by the open circuit
    expect(ripple.select(context(['a', 'b'])).fallbackReason).toBe('circuit_open');
    fetcher.behaviour = 'timeout';
    advance(5000); // cooldown over: the half-open trial times out
    await source.refresh();
    const text = await registry.metrics();
    expect(text).toContain(`router_ripple_score_cache_last_refresh_timestamp_seconds ${T0 / 1000}`);
    expect(text).toContain('router_ripple_circuit_open 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="ok"} 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="error"} 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="circuit_open"} 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="timeout"} 1');
    expect(text).toContain('router_ripple_decisions_total{outcome="coordinated"} 1');
    expect(text).toContain('router_ripple_decisions_total{outcome="fallback"} 1');
    expect(text).toContain('router_ripple_fallbacks_total{reason="circuit_open"} 1');
    await ripple.close();

    function advance(ms: number): void {
      now += ms;
    }
  });

  it('turns a throwing mirror selection into an error fallback that ripple counts', async () => {
    const { source } = setup();
    await source.refresh();
    const registry = new Registry();
    // Invalid weights make the mirror's selectAgent throw a ValidationError.
    const ripple = new RippleStrategy({ source, weights: { load: -1 }, metrics: new RippleMetrics(registry) });
    const decision = ripple.select(context(['a', 'b']));
    expect(decision.fallbackReason).toBe('error');
    expect(decision.explanation).toMatchObject({ reason: 'fallback:error', source: 'remote' });
    expect((decision.explanation as { detail?: unknown }).detail).toEqual(expect.any(String));
    expect(ripple.stats().fallbacks.error).toBe(1);
    expect(await registry.metrics()).toContain('router_ripple_fallbacks_total{reason="error"} 1');
  });
});

describe('RemoteScoreSource refresh deadline', () => {
  /** A fetcher that never settles unless the test settles it. */
  function hungFetcher() {
    const pending: Array<{ resolve: (states: AgentCoordinationState[]) => void; reject: (error: Error) => void }> = [];
    const fetcher: StateFetcher = {
      fetchStates: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    };
    return { fetcher, pending };
  }

  it('fails a refresh whose fetch never settles as a timeout, within the bound, and opens the circuit', async () => {
    const { fetcher, pending } = hungFetcher();
    const outcomes: string[] = [];
    const source = new RemoteScoreSource({
      fetcher,
      requestTimeoutMs: 40,
      circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 },
      onRefresh: (o) => outcomes.push(o.ok ? 'ok' : (o.reason ?? '?')),
    });
    const started = Date.now();
    await source.refresh();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcomes).toEqual(['timeout']);
    expect(source.health()).toMatchObject({ circuit: 'closed', consecutiveFailures: 1, lastError: expect.stringMatching(/timed out after 40 ms/) });
    expect(source.select(['a'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'timeout' });
    await source.refresh();
    expect(source.health().circuit).toBe('open');
    expect(source.select(['a'], { explain: false })).toMatchObject({ kind: 'fallback', reason: 'circuit_open' });
    await source.refresh();
    expect(pending).toHaveLength(2);
    expect(outcomes).toEqual(['timeout', 'timeout', 'circuit_open']);
    // The abandoned fetches settle late: their results are ignored, their failures do not surface.
    pending[0].resolve([state('a', 0.1, Date.now())]);
    pending[1].reject(new Error('late failure'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.health()).toMatchObject({ lastRefreshAt: null, consecutiveFailures: 2 });
    await source.close();
  });

  it('bounds the whole refresh, however many requests the fetcher makes', async () => {
    let pages = 0;
    const fetcher: StateFetcher = {
      // Each page answers within the per-request timeout, but together they run past the deadline.
      async fetchStates(_ids, { timeoutMs }) {
        for (let i = 0; i < 10; i++) {
          await new Promise((resolve) => setTimeout(resolve, timeoutMs / 2));
          pages++;
        }
        return [];
      },
    };
    const outcomes: string[] = [];
    const source = new RemoteScoreSource({ fetcher, requestTimeoutMs: 30, onRefresh: (o) => outcomes.push(o.ok ? 'ok' : (o.reason ?? '?')) });
    await source.refresh();
    expect(outcomes).toEqual(['timeout']);
    expect(pages).toBeLessThan(10);
    await source.close();
  });

  it('closes promptly while a fetch hangs, ignoring its late result', async () => {
    const { fetcher, pending } = hungFetcher();
    const outcomes: string[] = [];
    const source = new RemoteScoreSource({ fetcher, requestTimeoutMs: 60_000, onRefresh: (o) => outcomes.push(o.ok ? 'ok' : (o.reason ?? '?')) });
    const starting = source.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pending).toHaveLength(1);
    const started = Date.now();
    await source.close();
    await starting;
    expect(Date.now() - started).toBeLessThan(1000);
    pending[0].resolve([state('a', 0.1, Date.now())]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes).toEqual([]);
    expect(source.health().lastRefreshAt).toBeNull();
    // A closed source makes no further requests.
    await source.refresh();
    expect(pending).toHaveLength(1);
  });
});
