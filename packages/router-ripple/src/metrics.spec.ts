import { Counter, Gauge, Registry } from 'prom-client';
import { RippleMetrics, type RemoteSourceHealth } from './index';

function health(overrides: Partial<RemoteSourceHealth>): RemoteSourceHealth {
  return { circuit: 'closed', lastRefreshAt: null, cacheAgeMs: null, consecutiveFailures: 0, lastError: null, ...overrides };
}

describe('RippleMetrics', () => {
  it('lets two ripple strategies share one registry, adding up their counters', async () => {
    const registry = new Registry();
    const first = new RippleMetrics(registry);
    const second = new RippleMetrics(registry);
    first.decision('coordinated');
    second.decision('coordinated');
    second.decision('fallback', 'stale');
    first.refresh({ ok: true, agents: 1, durationMs: 1 });
    second.refresh({ ok: false, agents: 0, durationMs: 1 });
    const text = await registry.metrics();
    expect(text).toContain('router_ripple_decisions_total{outcome="coordinated"} 2');
    expect(text).toContain('router_ripple_fallbacks_total{reason="stale"} 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="ok"} 1');
    expect(text).toContain('router_ripple_score_refreshes_total{outcome="error"} 1');
    expect(text.match(/^# TYPE router_ripple_decisions_total counter$/gm)).toHaveLength(1);
  });

  it('reports the oldest cache and any open circuit across the sources sharing a registry', async () => {
    const registry = new Registry();
    new RippleMetrics(registry); // an in-process strategy: it observes no source and does not count
    const first = new RippleMetrics(registry);
    const second = new RippleMetrics(registry);
    let firstHealth = health({ lastRefreshAt: 2_000_000 });
    first.observe(() => firstHealth);
    second.observe(() => health({ lastRefreshAt: 1_000_000, circuit: 'open' }));
    let text = await registry.metrics();
    expect(text).toContain('router_ripple_score_cache_last_refresh_timestamp_seconds 1000');
    expect(text).toContain('router_ripple_circuit_open 1');
    second.observe(() => health({ lastRefreshAt: 3_000_000 }));
    text = await registry.metrics();
    expect(text).toContain('router_ripple_score_cache_last_refresh_timestamp_seconds 2000');
    expect(text).toContain('router_ripple_circuit_open 0');
    firstHealth = health({ lastRefreshAt: null });
    expect(await registry.metrics()).toContain('router_ripple_score_cache_last_refresh_timestamp_seconds 0');
  });

  it('keeps separate metrics under another prefix', async () => {
    const registry = new Registry();
    new RippleMetrics(registry).decision('coordinated');
    new RippleMetrics(registry, 'router_b_ripple_').decision('coordinated');
    const text = await registry.metrics();
    expect(text).toContain('router_ripple_decisions_total{outcome="coordinated"} 1');
    expect(text).toContain('router_b_ripple_decisions_total{outcome="coordinated"} 1');
  });

  it('refuses to adopt a same-named metric that is not its own', () => {
    const counterClash = new Registry();
    new Gauge({ name: 'router_ripple_decisions_total', help: 'x', registers: [counterClash] });
    expect(() => new RippleMetrics(counterClash)).toThrow(/router_ripple_decisions_total is already registered and is not a counter/);
    const gaugeClash = new Registry();
    new Counter({ name: 'router_ripple_circuit_open', help: 'x', registers: [gaugeClash] });
    expect(() => new RippleMetrics(gaugeClash)).toThrow(/router_ripple_circuit_open is already registered and is not a ripple gauge/);
  });
});
